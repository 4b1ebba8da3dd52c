import StewardSpec

/// Specs pointed at the test server.
package enum TestSpecs {
    /// An automatic-bootstrap, userPassword spec for `database` on the test server.
    package static func automatic(_ server: TestPostgres.Server, database: String, impersonation: Bool = false,
                                 role: String = Impersonation.defaultRole, host: String? = nil,
                                 password: SecretSource? = nil, username: String? = nil) -> IntegrationSpec {
        IntegrationSpec(autoBootstrap: true, config: RedshiftConfig(
            host: host ?? server.host, port: server.port, database: database, initialDatabase: "postgres",
            impersonation: Impersonation(enabled: impersonation, role: role),
            username: username ?? server.superuser, password: password ?? .inline(server.password),
            sslMode: .disable, connectTimeout: 5))
    }

    /// The spec file of an automatic-bootstrap integration for `database` on the test server
    /// whose privileged password is read from `passwordFile` (so that it can be deleted).
    package static func automaticFile(_ server: TestPostgres.Server, database: String, passwordFile: String,
                                     deletionPolicy: String = "Delete") -> String {
        """
        type: Redshift
        autoBootstrap: true
        config:
          host: \(server.host)
          port: \(server.port)
          database: \(database)
          initialDatabase: postgres
          username: \(server.superuser)
          passwordFile: \(passwordFile)
          sslMode: disable
          connectTimeout: 5
        deletionPolicy: \(deletionPolicy)
        """
    }
}
