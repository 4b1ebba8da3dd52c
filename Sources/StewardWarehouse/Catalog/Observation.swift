/// What the warehouse looks like, as far as one integration is concerned. Read from the catalog;
/// the planner compares it with the desired state.
package struct ObservedState: Sendable, Hashable {
    package var server: ServerObservation
    /// nil when the managed database does not exist or was not visited.
    package var managed: ManagedDatabaseObservation?

    package init(server: ServerObservation, managed: ManagedDatabaseObservation?) {
        self.server = server
        self.managed = managed
    }
}

/// Server-wide facts (visible from any database).
package struct ServerObservation: Sendable, Hashable {
    package var currentUser: String
    package var isSuperuser: Bool
    package var canCreateDatabases: Bool
    /// nil when the engine does not let the account see it (Redshift without superuser).
    package var canCreateUsers: Bool?
    /// The managed database; nil if it does not exist.
    package var database: DatabaseObservation?
    package var systemUserExists: Bool
    /// Among the role names asked about, those that exist.
    package var existingRoles: Set<String>
    /// Roles the system account holds WITH ADMIN OPTION.
    package var rolesAdministeredBySystemUser: Set<String>
    /// Whether the connected account may act as the system account (PostgreSQL needs this to
    /// give it schemas; superusers always may).
    package var currentUserActsAsSystemUser: Bool

    package init(currentUser: String, isSuperuser: Bool, canCreateDatabases: Bool, canCreateUsers: Bool?,
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

package struct DatabaseObservation: Sendable, Hashable {
    package var name: String
    package var owner: String
    /// nil = the engine's default privileges (never pinned by Steward yet).
    package var acl: [ACLItem]?
    /// PostgreSQL (15.4 and later) marks a database whose `DROP DATABASE` was interrupted (the
    /// server crashed mid-drop) invalid: nobody can connect to it, it can only be dropped.
    /// Redshift has no such state.
    package var isInvalid: Bool

    package init(name: String, owner: String, acl: [ACLItem]?, isInvalid: Bool = false) {
        self.name = name
        self.owner = owner
        self.acl = acl
        self.isInvalid = isInvalid
    }
}

package struct SchemaObservation: Sendable, Hashable {
    package var name: String
    package var owner: String
    package var acl: [ACLItem]?

    package init(name: String, owner: String, acl: [ACLItem]?) {
        self.name = name
        self.owner = owner
        self.acl = acl
    }
}

/// Facts from inside the managed database.
package struct ManagedDatabaseObservation: Sendable, Hashable {
    /// Steward's schemas that exist, by name.
    package var schemas: [String: SchemaObservation]
    package var markerTableExists: Bool
    /// Every marker row (normally one).
    package var markers: [OwnershipMarker]
    /// Whether the system account can read the marker table.
    package var systemUserCanReadMarker: Bool

    package init(schemas: [String: SchemaObservation], markerTableExists: Bool, markers: [OwnershipMarker], systemUserCanReadMarker: Bool) {
        self.schemas = schemas
        self.markerTableExists = markerTableExists
        self.markers = markers
        self.systemUserCanReadMarker = systemUserCanReadMarker
    }

    package func marker(uid: String) -> OwnershipMarker? { markers.first { $0.uid == uid } }
}

/// The row that says "this database belongs to integration UID". Steward never drops a database,
/// user or role that no marker (or recorded intent) ties to the integration.
package struct OwnershipMarker: Sendable, Hashable, Codable {
    package static let schema = try! SQLIdentifier("immuta_system") // constant, valid by inspection
    package static let table = try! SQLIdentifier("steward_marker") // constant, valid by inspection

    package var uid: String
    package var integrationName: String
    package var systemUser: String
    package var impersonationRole: String?

    package init(uid: String, integrationName: String, systemUser: String, impersonationRole: String?) {
        self.uid = uid
        self.integrationName = integrationName
        self.systemUser = systemUser
        self.impersonationRole = impersonationRole
    }
}
