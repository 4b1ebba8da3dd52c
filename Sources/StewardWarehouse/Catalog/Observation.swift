/// What the warehouse looks like, as far as one integration is concerned. Read from the catalog;
/// the planner compares it with the desired state.
public struct ObservedState: Sendable, Hashable {
    public var server: ServerObservation
    /// nil when the managed database does not exist or was not visited.
    public var managed: ManagedDatabaseObservation?

    public init(server: ServerObservation, managed: ManagedDatabaseObservation?) {
        self.server = server
        self.managed = managed
    }
}

/// Server-wide facts (visible from any database).
public struct ServerObservation: Sendable, Hashable {
    public var currentUser: String
    public var isSuperuser: Bool
    public var canCreateDatabases: Bool
    /// nil when the engine does not let the account see it (Redshift without superuser).
    public var canCreateUsers: Bool?
    /// The managed database; nil if it does not exist.
    public var database: DatabaseObservation?
    public var systemUserExists: Bool
    /// Among the role names asked about, those that exist.
    public var existingRoles: Set<String>
    /// Roles the system account holds WITH ADMIN OPTION.
    public var rolesAdministeredBySystemUser: Set<String>
    /// Whether the connected account may act as the system account (PostgreSQL needs this to
    /// give it schemas; superusers always may).
    public var currentUserActsAsSystemUser: Bool

    public init(currentUser: String, isSuperuser: Bool, canCreateDatabases: Bool, canCreateUsers: Bool?,
                database: DatabaseObservation?, systemUserExists: Bool, existingRoles: Set<String>,
                rolesAdministeredBySystemUser: Set<String>, currentUserActsAsSystemUser: Bool = true) {
        self.currentUser = currentUser
        self.isSuperuser = isSuperuser
        self.canCreateDatabases = canCreateDatabases
        self.canCreateUsers = canCreateUsers
        self.database = database
        self.systemUserExists = systemUserExists
        self.existingRoles = existingRoles
        self.rolesAdministeredBySystemUser = rolesAdministeredBySystemUser
        self.currentUserActsAsSystemUser = currentUserActsAsSystemUser || isSuperuser
    }
}

public struct DatabaseObservation: Sendable, Hashable {
    public var name: String
    public var owner: String
    /// nil = the engine's default privileges (never pinned by Steward yet).
    public var acl: [ACLItem]?
    /// PostgreSQL (15.4 and later) marks a database whose `DROP DATABASE` was interrupted (the
    /// server crashed mid-drop) invalid: nobody can connect to it, it can only be dropped.
    /// Redshift has no such state.
    public var isInvalid: Bool

    public init(name: String, owner: String, acl: [ACLItem]?, isInvalid: Bool = false) {
        self.name = name
        self.owner = owner
        self.acl = acl
        self.isInvalid = isInvalid
    }
}

public struct SchemaObservation: Sendable, Hashable {
    public var name: String
    public var owner: String
    public var acl: [ACLItem]?

    public init(name: String, owner: String, acl: [ACLItem]?) {
        self.name = name
        self.owner = owner
        self.acl = acl
    }
}

/// Facts from inside the managed database.
public struct ManagedDatabaseObservation: Sendable, Hashable {
    /// Steward's schemas that exist, by name.
    public var schemas: [String: SchemaObservation]
    public var markerTableExists: Bool
    /// Every marker row (normally one).
    public var markers: [OwnershipMarker]
    /// Whether the system account can read the marker table.
    public var systemUserCanReadMarker: Bool

    public init(schemas: [String: SchemaObservation], markerTableExists: Bool, markers: [OwnershipMarker], systemUserCanReadMarker: Bool) {
        self.schemas = schemas
        self.markerTableExists = markerTableExists
        self.markers = markers
        self.systemUserCanReadMarker = systemUserCanReadMarker
    }

    public func marker(uid: String) -> OwnershipMarker? { markers.first { $0.uid == uid } }
}

/// The row that says "this database belongs to integration UID". Steward never drops a database,
/// user or role that no marker (or recorded intent) ties to the integration.
public struct OwnershipMarker: Sendable, Hashable, Codable {
    public static let schema = try! SQLIdentifier("immuta_system") // constant, valid by inspection
    public static let table = try! SQLIdentifier("steward_marker") // constant, valid by inspection

    public var uid: String
    public var integrationName: String
    public var systemUser: String
    public var impersonationRole: String?

    public init(uid: String, integrationName: String, systemUser: String, impersonationRole: String?) {
        self.uid = uid
        self.integrationName = integrationName
        self.systemUser = systemUser
        self.impersonationRole = impersonationRole
    }
}
