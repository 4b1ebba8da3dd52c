import StewardSpec

/// What one integration needs in the warehouse, derived from its spec and its identity.
public struct DesiredState: Sendable, Hashable {
    public var integrationUID: String
    public var integrationName: String
    public var database: SQLIdentifier
    public var systemUser: SQLIdentifier
    /// The system account's password verifier (`SCRAM-SHA-256$…` or `md5…`), never the password.
    public var systemUserVerifier: Secret
    /// Set the system account's password even if the account exists (its password was lost or
    /// failed to log in).
    public var resetSystemUserPassword: Bool
    /// nil when impersonation is disabled.
    public var impersonationRole: SQLIdentifier?
    /// Roles this integration created earlier and no longer wants (impersonation turned off or
    /// renamed). Dropped only if they exist.
    public var rolesToRemove: [SQLIdentifier]
    public var schemas: [SQLIdentifier]

    public init(integrationUID: String, integrationName: String, database: SQLIdentifier, systemUser: SQLIdentifier,
                systemUserVerifier: Secret, resetSystemUserPassword: Bool = false, impersonationRole: SQLIdentifier?,
                rolesToRemove: [SQLIdentifier] = [], schemas: [SQLIdentifier]? = nil) throws {
        self.integrationUID = integrationUID
        self.integrationName = integrationName
        self.database = database
        self.systemUser = systemUser
        self.systemUserVerifier = systemUserVerifier
        self.resetSystemUserPassword = resetSystemUserPassword
        self.impersonationRole = impersonationRole
        self.rolesToRemove = rolesToRemove
        self.schemas = try schemas ?? ManagedSchemas.names.map(SQLIdentifier.init)
    }

    /// The names an observation must ask about.
    public var observationQuery: ObservationQuery {
        let roles = ([impersonationRole].compactMap { $0 } + rolesToRemove).map(\.name)
        return ObservationQuery(database: database.name, systemUser: systemUser.name, roles: roles, schemas: schemas.map(\.name))
    }

    /// The marker row this integration writes into its managed database.
    public var marker: OwnershipMarker {
        OwnershipMarker(uid: integrationUID, integrationName: integrationName, systemUser: systemUser.name,
                        impersonationRole: impersonationRole?.name)
    }
}
