import Foundation
import StewardFederation
import StewardSpec
import StewardWarehouse

/// Okta federation for the reconciler: turns a spec's `okta` settings into a database login
/// (user + temporary password from `GetClusterCredentials`), through a cache shared by every
/// reconcile of the daemon, so a login lasts until shortly before its password expires.
///
/// Every failure is a validation test named after the stage that failed (`Initial Validation:
/// Okta Authentication`, `... IAM Role Selection`, `... STS AssumeRoleWithSAML`, `... Redshift
/// GetClusterCredentials`), with what to fix; network trouble is transient and retried.
package struct OktaLogins: Sendable {
    package let cache: FederatedCredentialCache
    package let resolver: SecretResolver

    package init(cache: FederatedCredentialCache, resolver: SecretResolver) {
        self.cache = cache
        self.resolver = resolver
    }

    /// The outcome of a login: credentials and the passed test, or the failed test.
    package enum Result: Sendable {
        case success(DatabaseCredentials, ValidationTest)
        case failure(ValidationTest, transient: Bool, message: String)
    }

    /// Logs in with `okta` (and `config` for the cluster). `dbUser` pins the database user
    /// (manual setups, whose scripts created it); nil lets the SAML assertion decide.
    package func login(_ okta: OktaConfig, config: RedshiftConfig, dbUser: String?) async -> Result {
        let password: Secret
        do {
            password = try resolver.resolve(okta.password)
        } catch {
            return failure(title: "Federated Login Configuration", message: "config.okta.password: \(error)", transient: false)
        }
        do throws(FederationError) {
            let endpoint = try RedshiftEndpoint.resolve(host: config.host, clusterIdentifier: config.clusterIdentifier, region: config.region)
            let settings = OktaLoginSettings(idpHost: okta.idpHost, appId: okta.appId, username: okta.username, password: password,
                                             role: okta.role, dbUser: dbUser, cluster: endpoint)
            let credentials = try await cache.credentials(for: settings)
            return .success(credentials, ValidationTest(name: Self.testName, status: .passed,
                                                        message: "logged in through Okta as \(credentials.user)", result: [credentials.user]))
        } catch {
            return failure(title: Self.title(error.stage), message: error.description, transient: error.isTransient)
        }
    }

    package static let testName = "Initial Validation: Federated Login"

    func failure(title: String, message: String, transient: Bool) -> Result {
        .failure(ValidationTest(name: "Initial Validation: \(title)", status: .failed, message: message), transient: transient, message: message)
    }

    static func title(_ stage: FederationError.Stage) -> String {
        switch stage {
        case .configuration: "Federated Login Configuration"
        case .oktaAuthentication: "Okta Authentication"
        case .samlResponse: "Okta SAML Response"
        case .roleSelection: "IAM Role Selection"
        case .assumeRole: "STS AssumeRoleWithSAML"
        case .clusterCredentials: "Redshift GetClusterCredentials"
        }
    }
}
