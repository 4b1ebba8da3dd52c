import StewardSpec

/// Everything a bootstrap needs besides the warehouse itself. Secrets are resolved by the caller
/// (from the spec's inline value, passwordFile or credential, and from the state directory).
package struct BootstrapInput: Sendable {
    package var integrationUID: String
    package var integrationName: String
    package var spec: IntegrationSpec
    /// The privileged account's password (config.password / passwordFile / passwordCredential).
    package var privilegedPassword: Secret
    /// The system account's name, derived from the integration name.
    package var systemUser: String
    /// The system account's password as kept in the state directory.
    package var systemUserPassword: Secret
    /// True when that password was generated just now: set it even if the account exists.
    package var systemUserPasswordIsNew: Bool
    /// Objects the store says this integration created or was about to create (recorded intents).
    package var ownedObjects: Set<ManagedObject>
    /// Impersonation roles this integration created earlier (to drop when no longer configured).
    package var previousRoles: [String]
    /// The privileged login when it is not `config.username` (Okta: the federated database user).
    package var privilegedUser: String?
    /// Validation tests that ran before the bootstrap (the federated login), reported first.
    package var priorTests: [ValidationTest] = []
    /// Whether the last applied spec had data sources, users or policies. With neither that nor
    /// any in the spec, enforcement is skipped without a query or a login.
    package var governanceApplied = true

    /// Whether this integration was applied before, so that its managed database holds the
    /// ownership marker table. It decides only what is read ahead (`PGConnection.readAhead`): a
    /// first apply sends no read that is bound to fail (and to log an error on the server).
    package var appliedBefore = true

    /// Whether enforcement has anything to do or to clean up.
    package var needsEnforcement: Bool { governanceApplied || !spec.governance.isEmpty }

    package init(integrationUID: String, integrationName: String, spec: IntegrationSpec, privilegedPassword: Secret,
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
    package var privilegedParameters: ConnectionParameters {
        let config = spec.config
        return ConnectionParameters(
            host: config.host, port: config.port, database: config.initialDatabase ?? config.database,
            user: privilegedUser ?? config.username ?? "", password: privilegedPassword, sslMode: config.sslMode,
            sslRootCert: config.sslRootCert, connectTimeout: config.connectTimeout,
            applicationName: "steward/\(integrationName)")
    }

    /// libpq parameters for the system account in the managed database.
    package var systemUserParameters: ConnectionParameters {
        privilegedParameters.with(database: spec.config.database).with(user: systemUser, password: systemUserPassword)
    }
}

/// Callbacks through which a bootstrap records its intents before touching the warehouse, so
/// that a crash mid-way leaves nothing half-made that Steward would not recognise as its own.
package protocol BootstrapJournal: Sendable {
    func willCreate(_ object: ManagedObject) async throws
    func didCreate(_ object: ManagedObject) async throws
    func didDrop(_ object: ManagedObject) async throws
}

/// A journal that records nothing (dry runs and scripts).
package struct NoJournal: BootstrapJournal {
    package init() {}
    package func willCreate(_ object: ManagedObject) async throws {}
    package func didCreate(_ object: ManagedObject) async throws {}
    package func didDrop(_ object: ManagedObject) async throws {}
}
