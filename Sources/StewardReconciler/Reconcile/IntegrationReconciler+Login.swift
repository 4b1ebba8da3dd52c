import StewardSpec
import StewardWarehouse

/// How the reconciler logs in for privileged work: `config.username` with its password source,
/// or a federated Okta login.
package enum PrivilegedLogin: Sendable {
    /// The user (nil: `config.username`), the password, and validation tests that ran to get them.
    case success(user: String?, password: Secret, tests: [ValidationTest])
    case failure(tests: [ValidationTest], transient: Bool, message: String)
}

extension IntegrationReconciler {
    /// The settings for a privileged login to the cluster `recorded` describes, with the password
    /// (the database one, or with Okta the Okta one) from `password`: what a deletion needs once
    /// the spec file is gone.
    package static func loginSettings(_ recorded: RedactedSpec.Config, password: SecretSource) -> RedshiftConfig {
        var settings = RedshiftConfig(host: recorded.host, port: recorded.port, database: recorded.database,
                                      authenticationType: recorded.authenticationType, username: recorded.username, password: password,
                                      clusterIdentifier: recorded.clusterIdentifier, region: recorded.region)
        if let okta = recorded.okta {
            settings.okta = OktaConfig(username: okta.username, password: password, appId: okta.appId, idpHost: okta.idpHost, role: okta.role)
        }
        return settings
    }

    /// The privileged login of an automatic setup: the password as given, or Okta's federated
    /// login (the login name and temporary password that GetClusterCredentials returns).
    package func privilegedLogin(_ config: RedshiftConfig) async -> PrivilegedLogin {
        switch config.authenticationType {
        case .userPassword:
            guard let source = config.password else {
                return .failure(tests: [], transient: false, message: "config.password: missing; add password, passwordFile or passwordCredential")
            }
            do {
                return .success(user: nil, password: try resolver.resolve(source), tests: [])
            } catch {
                return .failure(tests: [], transient: false, message: "config.password: \(error)")
            }
        case .okta:
            return await federatedLogin(config, dbUser: nil)
        }
    }

    /// An Okta login; `dbUser` pins the database user (manual setups).
    func federatedLogin(_ config: RedshiftConfig, dbUser: String?) async -> PrivilegedLogin {
        guard let settings = config.okta else {
            return .failure(tests: [], transient: false, message: "config.okta: missing; add username, password, appId, idpHost and role")
        }
        switch await okta.login(settings, config: config, dbUser: dbUser) {
        case .success(let credentials, let test):
            return .success(user: credentials.user, password: credentials.password, tests: [test])
        case .failure(let test, let transient, let message):
            return .failure(tests: [test], transient: transient, message: message)
        }
    }
}
