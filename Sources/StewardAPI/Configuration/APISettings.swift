/// How the HTTP API is served (the daemon config's `api:` section, or the `--api-*` flags).
///
/// ```yaml
/// api:
///   listen: ["unix:/run/steward/api.sock", "127.0.0.1:8787"]
///   apiKeyFile: /etc/steward/api-keys        # or apiKeyCredential: steward-api-keys
///   tlsCertificate: /etc/steward/tls/cert.pem # needed for any address other than loopback
///   tlsKey: /etc/steward/tls/key.pem
///   headerTimeout: 10s                        # ConnectionLimits: what one client may cost
///   readTimeout: 30s
///   idleTimeout: 30s
///   maxConnections: 128                       # per listener
/// ```
package struct APISettings: Sendable, Hashable {
    package var listen: [ListenAddress]
    package var keys: APIKeySource
    package var tls: TLSFiles?
    package var limits = ConnectionLimits()

    /// The certificate chain and private key, PEM files.
    package struct TLSFiles: Sendable, Hashable {
        package var certificate: String
        package var key: String

        package init(certificate: String, key: String) {
            self.certificate = certificate
            self.key = key
        }
    }

    package init(listen: [ListenAddress], keys: APIKeySource, tls: TLSFiles? = nil, limits: ConnectionLimits = ConnectionLimits()) {
        self.listen = listen
        self.keys = keys
        self.tls = tls
        self.limits = limits
    }

    /// Builds and checks the settings from their textual form. Refuses: no address, no key
    /// source or two, half a TLS pair, and any address other than loopback without TLS.
    package init(listen: [String], apiKeyFile: String?, apiKeyCredential: String?,
                tlsCertificate: String?, tlsKey: String?, limits: ConnectionLimits = ConnectionLimits()) throws(APIConfigurationError) {
        guard !listen.isEmpty else {
            throw APIConfigurationError("api.listen: give at least one address, e.g. [\"unix:/run/steward/api.sock\", \"127.0.0.1:8787\"]")
        }
        var addresses: [ListenAddress] = []
        for entry in listen { addresses.append(try ListenAddress(parsing: entry)) }
        let keys: APIKeySource
        switch (apiKeyFile, apiKeyCredential) {
        case (let path?, nil):
            guard path.hasPrefix("/") else { throw APIConfigurationError("api.apiKeyFile: \(path): use an absolute path") }
            keys = .file(path: path)
        case (nil, let name?):
            keys = .credential(name: name)
        case (nil, nil):
            throw APIConfigurationError("api: requests must carry an API key; set apiKeyFile (a file of keys, one per line) "
                + "or apiKeyCredential (a systemd credential holding them)")
        case (_?, _?):
            throw APIConfigurationError("api: set apiKeyFile or apiKeyCredential, not both")
        }
        var tls: TLSFiles?
        switch (tlsCertificate, tlsKey) {
        case (let certificate?, let key?): tls = TLSFiles(certificate: certificate, key: key)
        case (nil, nil): tls = nil
        default: throw APIConfigurationError("api: tlsCertificate and tlsKey go together; set both (PEM files) or neither")
        }
        if tls == nil, let exposed = addresses.first(where: { !$0.isLoopback }) {
            throw APIConfigurationError("api.listen: \(exposed) is reachable from other machines, so it needs TLS: "
                + "set api.tlsCertificate and api.tlsKey (PEM files), or listen on a loopback address or a unix socket")
        }
        self.init(listen: addresses, keys: keys, tls: tls, limits: limits)
    }
}
