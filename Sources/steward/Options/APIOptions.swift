import ArgumentParser
import StewardAPI

/// `steward run`'s flags for the HTTP API; each wins over the config file's `api:` setting.
struct APIOptions: ParsableArguments {
    @Option(name: .customLong("api-listen"),
            help: "Serve the HTTP API on this address (repeatable): unix:/run/steward/api.sock, 127.0.0.1:8787. Off unless given here or in the config file.")
    var listen: [String] = []

    @Option(name: .customLong("api-key-file"), help: "File of API keys, one per line.")
    var keyFile: String?

    @Option(name: .customLong("api-key-credential"), help: "systemd credential holding the API keys ($CREDENTIALS_DIRECTORY/NAME).")
    var keyCredential: String?

    @Option(name: .customLong("api-tls-certificate"), help: "PEM certificate chain; required for addresses other than loopback.")
    var tlsCertificate: String?

    @Option(name: .customLong("api-tls-key"), help: "PEM private key of the certificate.")
    var tlsKey: String?

    @Option(name: .customLong("api-header-timeout"), help: "Close a connection whose request head is not complete this long after it opened (default 10s).")
    var headerTimeout: DurationText?

    @Option(name: .customLong("api-read-timeout"), help: "Close a connection whose request body is not complete this long after its head (default 30s).")
    var readTimeout: DurationText?

    @Option(name: .customLong("api-idle-timeout"), help: "Close a kept-alive connection with no new request this long after a response (default 30s).")
    var idleTimeout: DurationText?

    @Option(name: .customLong("api-max-connections"), help: "Connections served at once per listener; more wait in the backlog (default 128).")
    var maxConnections: Int?

    /// The API's settings, or nil when it is off (no `api:` section and no `--api-listen`).
    func settings(file: DaemonConfigFile.APISection?) throws(APIConfigurationError) -> APISettings? {
        guard file != nil || !listen.isEmpty else { return nil }
        let keyFromFlags = keyFile != nil || keyCredential != nil
        return try APISettings(
            listen: listen.isEmpty ? file?.listen ?? [] : listen,
            apiKeyFile: keyFromFlags ? keyFile : file?.apiKeyFile,
            apiKeyCredential: keyFromFlags ? keyCredential : file?.apiKeyCredential,
            tlsCertificate: tlsCertificate ?? file?.tlsCertificate,
            tlsKey: tlsKey ?? file?.tlsKey,
            limits: try limits(file: file))
    }

    /// The connection limits: each flag wins over the file's setting, else the default.
    func limits(file: DaemonConfigFile.APISection?) throws(APIConfigurationError) -> ConnectionLimits {
        func duration(_ flag: DurationText?, _ text: String?, key: String, _ fallback: Duration) throws(APIConfigurationError) -> Duration {
            if let flag { return flag.duration }
            guard let text else { return fallback }
            guard let parsed = DurationText(argument: text) else {
                throw APIConfigurationError("api.\(key): \(text) is not a duration; write e.g. 500ms, 10s, 2m")
            }
            return parsed.duration
        }
        return try ConnectionLimits(
            headerTimeout: duration(headerTimeout, file?.headerTimeout, key: "headerTimeout", ConnectionLimits.defaultHeaderTimeout),
            readTimeout: duration(readTimeout, file?.readTimeout, key: "readTimeout", ConnectionLimits.defaultReadTimeout),
            idleTimeout: duration(idleTimeout, file?.idleTimeout, key: "idleTimeout", ConnectionLimits.defaultIdleTimeout),
            maxConnections: maxConnections ?? file?.maxConnections ?? ConnectionLimits.defaultMaxConnections)
    }
}
