import StewardSpec

/// Everything a bootstrap needs besides the warehouse itself. Secrets are resolved by the caller
/// (from the spec's inline value, passwordFile or credential, and from the state directory).
public struct BootstrapInput: Sendable {
    public var integrationUID: String
    public var integrationName: String
    public var spec: IntegrationSpec
    /// The privileged account's password (config.password / passwordFile / passwordCredential).
    public var privilegedPassword: Secret
    /// The system account's name, derived from the integration name.
    public var systemUser: String
    /// The system account's password as kept in the state directory.
    public var systemUserPassword: Secret
    /// True when that password was generated just now: set it even if the account exists.
    public var systemUserPasswordIsNew: Bool
    /// Objects the store says this integration created or was about to create (recorded intents).
    public var ownedObjects: Set<ManagedObject>
    /// Impersonation roles this integration created earlier (to drop when no longer configured).
    public var previousRoles: [String]
    /// The privileged login when it is not `config.username` (Okta: the federated database user).
    public var privilegedUser: String?
    /// Validation tests that ran before the bootstrap (the federated login), reported first.
    public var priorTests: [ValidationTest] = []
    /// Whether the last applied spec had data sources, users or policies. With neither that nor
    /// any in the spec, enforcement is skipped without a query or a login.
    public var governanceApplied = true

    /// Whether enforcement has anything to do or to clean up.
    public var needsEnforcement: Bool { governanceApplied || !spec.governance.isEmpty }

    public init(integrationUID: String, integrationName: String, spec: IntegrationSpec, privilegedPassword: Secret,
                systemUser: String, systemUserPassword: Secret, systemUserPasswordIsNew: Bool,
                ownedObjects: Set<ManagedObject>, previousRoles: [String]) {
        self.integrationUID = integrationUID
        self.integrationName = integrationName
        self.spec = spec
        self.privilegedPassword = privilegedPassword
        self.systemUser = systemUser
        self.systemUserPassword = systemUserPassword
        self.systemUserPasswordIsNew = systemUserPasswordIsNew
        self.ownedObjects = ownedObjects
        self.previousRoles = previousRoles
    }

    /// libpq parameters for the privileged account in the initial database.
    public var privilegedParameters: ConnectionParameters {
        let config = spec.config
        return ConnectionParameters(
            host: config.host, port: config.port, database: config.initialDatabase ?? config.database,
            user: privilegedUser ?? config.username ?? "", password: privilegedPassword, sslMode: config.sslMode,
            sslRootCert: config.sslRootCert, connectTimeout: config.connectTimeout,
            applicationName: "steward/\(integrationName)")
    }

    /// libpq parameters for the system account in the managed database.
    public var systemUserParameters: ConnectionParameters {
        privilegedParameters.with(database: spec.config.database).with(user: systemUser, password: systemUserPassword)
    }
}

/// Callbacks through which a bootstrap records its intents before touching the warehouse, so
/// that a crash mid-way leaves nothing half-made that Steward would not recognise as its own.
public protocol BootstrapJournal: Sendable {
    func willCreate(_ object: ManagedObject) async throws
    func didCreate(_ object: ManagedObject) async throws
    func didDrop(_ object: ManagedObject) async throws
}

/// A journal that records nothing (dry runs and scripts).
public struct NoJournal: BootstrapJournal {
    public init() {}
    public func willCreate(_ object: ManagedObject) async throws {}
    public func didCreate(_ object: ManagedObject) async throws {}
    public func didDrop(_ object: ManagedObject) async throws {}
}
