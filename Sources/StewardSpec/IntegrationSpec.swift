/// One integration, as a spec file describes it: the body one would POST to `/integrations`,
/// plus Steward's extensions. Built only by `SpecParser`, so every value here is validated.
package struct IntegrationSpec: Sendable, Hashable {
    /// Always `Redshift` (the only integration type Steward manages).
    package var type: String
    /// `true`: Steward runs the privileged setup itself. `false`: the operator ran the scripts.
    package var autoBootstrap: Bool
    package var config: RedshiftConfig
    /// What removing the file does: drop the managed objects (`Delete`) or forget them (`Retain`).
    package var deletionPolicy: DeletionPolicy
    /// Data sources, users and policies (all optional).
    package var governance: Governance

    package init(type: String = "Redshift", autoBootstrap: Bool, config: RedshiftConfig, deletionPolicy: DeletionPolicy = .delete,
                governance: Governance = Governance()) {
        self.type = type
        self.autoBootstrap = autoBootstrap
        self.config = config
        self.deletionPolicy = deletionPolicy
        self.governance = governance
    }
}

package enum DeletionPolicy: String, Sendable, Hashable, Codable, CaseIterable {
    case delete = "Delete"
    case retain = "Retain"
}

package enum AuthenticationType: String, Sendable, Hashable, Codable, CaseIterable {
    case userPassword
    case okta
}

/// libpq `sslmode` values Steward accepts. Default `require`.
package enum SSLMode: String, Sendable, Hashable, Codable, CaseIterable {
    case disable
    case require
    case verifyCA = "verify-ca"
    case verifyFull = "verify-full"
}

/// Where a password comes from. Inline values are allowed (the seed's bodies carry them);
/// files and systemd credentials are read at use time and never copied anywhere.
package enum SecretSource: Sendable, Hashable {
    /// `password: "..."` in the spec itself.
    case inline(Secret)
    /// `passwordFile: /path` — read when needed.
    case file(path: String)
    /// `passwordCredential: name` — `$CREDENTIALS_DIRECTORY/name` (systemd `LoadCredential=`).
    case credential(name: String)

    /// A description safe to print and store: the reference, never the value.
    package var reference: String {
        switch self {
        case .inline: "inline <REDACTED>"
        case .file(let path): "passwordFile \(path)"
        case .credential(let name): "passwordCredential \(name)"
        }
    }

    /// Whether this source can be kept as a reference (for deletion after the file is gone).
    package var isReference: Bool {
        if case .inline = self { return false }
        return true
    }
}

package struct Impersonation: Sendable, Hashable {
    package static let defaultRole = "immuta_impersonation"
    package var enabled: Bool
    /// The role name; `immuta_impersonation` unless set.
    package var role: String

    package init(enabled: Bool = false, role: String = Impersonation.defaultRole) {
        self.enabled = enabled
        self.role = role
    }
}

package struct OktaConfig: Sendable, Hashable {
    package var username: String
    package var password: SecretSource
    package var appId: String
    package var idpHost: String
    package var role: String

    package init(username: String, password: SecretSource, appId: String, idpHost: String, role: String) {
        self.username = username
        self.password = password
        self.appId = appId
        self.idpHost = idpHost
        self.role = role
    }
}

/// The seed's Redshift `config` object.
package struct RedshiftConfig: Sendable, Hashable {
    package static let defaultPort = 5439
    package static let defaultConnectTimeoutSeconds = 10

    package var host: String
    package var port: Int
    /// The managed database (created with autoBootstrap; must exist for manual setup).
    package var database: String
    /// An existing database to connect to first. Required with autoBootstrap.
    package var initialDatabase: String?
    package var impersonation: Impersonation
    package var authenticationType: AuthenticationType
    /// Privileged user (userPassword).
    package var username: String?
    /// Privileged password source (userPassword).
    package var password: SecretSource?
    package var okta: OktaConfig?
    package var sslMode: SSLMode
    /// CA bundle for `verify-ca` / `verify-full`.
    package var sslRootCert: String?
    /// libpq `connect_timeout` in seconds (default 10).
    package var connectTimeout: Int
    /// Okta: the Redshift cluster for `GetClusterCredentials`, when `host` is not an Amazon
    /// endpoint name (`CLUSTER.XXXX.REGION.redshift.amazonaws.com`) to read it from.
    package var clusterIdentifier: String?
    /// Okta: the AWS region, under the same condition.
    package var region: String?
    /// Single-database mode: `database` already exists and holds the source tables. Nothing is
    /// created or dropped at the database level, only Steward's schemas and views.
    package var existingDatabase: Bool

    package init(
        host: String, port: Int = RedshiftConfig.defaultPort, database: String, initialDatabase: String? = nil,
        impersonation: Impersonation = Impersonation(), authenticationType: AuthenticationType = .userPassword,
        username: String? = nil, password: SecretSource? = nil, okta: OktaConfig? = nil,
        sslMode: SSLMode = .require, sslRootCert: String? = nil,
        connectTimeout: Int = RedshiftConfig.defaultConnectTimeoutSeconds,
        clusterIdentifier: String? = nil, region: String? = nil, existingDatabase: Bool = false
    ) {
        self.host = host
        self.port = port
        self.database = database
        self.initialDatabase = initialDatabase
        self.impersonation = impersonation
        self.authenticationType = authenticationType
        self.username = username
        self.password = password
        self.okta = okta
        self.sslMode = sslMode
        self.sslRootCert = sslRootCert
        self.connectTimeout = connectTimeout
        self.clusterIdentifier = clusterIdentifier
        self.region = region
        self.existingDatabase = existingDatabase
    }
}
