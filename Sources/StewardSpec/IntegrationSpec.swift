/// One integration, as a spec file describes it: the body one would POST to `/integrations`,
/// plus Steward's extensions. Built only by `SpecParser`, so every value here is validated.
public struct IntegrationSpec: Sendable, Hashable {
    /// Always `Redshift` (the only integration type Steward manages).
    public var type: String
    /// `true`: Steward runs the privileged setup itself. `false`: the operator ran the scripts.
    public var autoBootstrap: Bool
    public var config: RedshiftConfig
    /// What removing the file does: drop the managed objects (`Delete`) or forget them (`Retain`).
    public var deletionPolicy: DeletionPolicy
    /// Data sources, users and policies (all optional).
    public var governance: Governance

    public init(type: String = "Redshift", autoBootstrap: Bool, config: RedshiftConfig, deletionPolicy: DeletionPolicy = .delete,
                governance: Governance = Governance()) {
        self.type = type
        self.autoBootstrap = autoBootstrap
        self.config = config
        self.deletionPolicy = deletionPolicy
        self.governance = governance
    }
}

public enum DeletionPolicy: String, Sendable, Hashable, Codable, CaseIterable {
    case delete = "Delete"
    case retain = "Retain"
}

public enum AuthenticationType: String, Sendable, Hashable, Codable, CaseIterable {
    case userPassword
    case okta
}

/// libpq `sslmode` values Steward accepts. Default `require`.
public enum SSLMode: String, Sendable, Hashable, Codable, CaseIterable {
    case disable
    case require
    case verifyCA = "verify-ca"
    case verifyFull = "verify-full"
}

/// Where a password comes from. Inline values are allowed (the seed's bodies carry them);
/// files and systemd credentials are read at use time and never copied anywhere.
public enum SecretSource: Sendable, Hashable {
    /// `password: "..."` in the spec itself.
    case inline(Secret)
    /// `passwordFile: /path` — read when needed.
    case file(path: String)
    /// `passwordCredential: name` — `$CREDENTIALS_DIRECTORY/name` (systemd `LoadCredential=`).
    case credential(name: String)

    /// A description safe to print and store: the reference, never the value.
    public var reference: String {
        switch self {
        case .inline: "inline <REDACTED>"
        case .file(let path): "passwordFile \(path)"
        case .credential(let name): "passwordCredential \(name)"
        }
    }

    /// Whether this source can be kept as a reference (for deletion after the file is gone).
    public var isReference: Bool {
        if case .inline = self { return false }
        return true
    }
}

public struct Impersonation: Sendable, Hashable {
    public static let defaultRole = "immuta_impersonation"
    public var enabled: Bool
    /// The role name; `immuta_impersonation` unless set.
    public var role: String

    public init(enabled: Bool = false, role: String = Impersonation.defaultRole) {
        self.enabled = enabled
        self.role = role
    }
}

public struct OktaConfig: Sendable, Hashable {
    public var username: String
    public var password: SecretSource
    public var appId: String
    public var idpHost: String
    public var role: String

    public init(username: String, password: SecretSource, appId: String, idpHost: String, role: String) {
        self.username = username
        self.password = password
        self.appId = appId
        self.idpHost = idpHost
        self.role = role
    }
}

/// The seed's Redshift `config` object.
public struct RedshiftConfig: Sendable, Hashable {
    public static let defaultPort = 5439
    public static let defaultConnectTimeoutSeconds = 10

    public var host: String
    public var port: Int
    /// The managed database (created with autoBootstrap; must exist for manual setup).
    public var database: String
    /// An existing database to connect to first. Required with autoBootstrap.
    public var initialDatabase: String?
    public var impersonation: Impersonation
    public var authenticationType: AuthenticationType
    /// Privileged user (userPassword).
    public var username: String?
    /// Privileged password source (userPassword).
    public var password: SecretSource?
    public var okta: OktaConfig?
    public var sslMode: SSLMode
    /// CA bundle for `verify-ca` / `verify-full`.
    public var sslRootCert: String?
    /// libpq `connect_timeout` in seconds (default 10).
    public var connectTimeout: Int
    /// Okta: the Redshift cluster for `GetClusterCredentials`, when `host` is not an Amazon
    /// endpoint name (`CLUSTER.XXXX.REGION.redshift.amazonaws.com`) to read it from.
    public var clusterIdentifier: String?
    /// Okta: the AWS region, under the same condition.
    public var region: String?
    /// Single-database mode: `database` already exists and holds the source tables. Nothing is
    /// created or dropped at the database level, only Steward's schemas and views.
    public var existingDatabase: Bool

    public init(
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
