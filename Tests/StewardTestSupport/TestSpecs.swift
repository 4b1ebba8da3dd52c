import StewardSpec

/// Specs pointed at the test server.
public enum TestSpecs {
    /// An automatic-bootstrap, userPassword spec for `database` on the test server.
    public static func automatic(_ server: TestPostgres.Server, database: String, impersonation: Bool = false,
                                 role: String = Impersonation.defaultRole, host: String? = nil,
                                 password: SecretSource? = nil, username: String? = nil) -> IntegrationSpec {
        IntegrationSpec(autoBootstrap: true, config: RedshiftConfig(
            host: host ?? server.host, port: server.port, database: database, initialDatabase: "postgres",
            impersonation: Impersonation(enabled: impersonation, role: role),
            username: username ?? server.superuser, password: password ?? .inline(server.password),
            sslMode: .disable, connectTimeout: 5))
    }
}
