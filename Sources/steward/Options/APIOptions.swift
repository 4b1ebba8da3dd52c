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

    /// The API's settings, or nil when it is off (no `api:` section and no `--api-listen`).
    func settings(file: DaemonConfigFile.APISection?) throws(APIConfigurationError) -> APISettings? {
        guard file != nil || !listen.isEmpty else { return nil }
        let keyFromFlags = keyFile != nil || keyCredential != nil
        return try APISettings(
            listen: listen.isEmpty ? file?.listen ?? [] : listen,
            apiKeyFile: keyFromFlags ? keyFile : file?.apiKeyFile,
            apiKeyCredential: keyFromFlags ? keyCredential : file?.apiKeyCredential,
            tlsCertificate: tlsCertificate ?? file?.tlsCertificate,
            tlsKey: tlsKey ?? file?.tlsKey)
    }
}
