extension ObservedState {
    /// The warehouse as it stands once `desired` has been fully applied: what an edit script
    /// starts from. The planner, given this and the edited desired state, plans exactly the
    /// difference, so the edit script comes from the same planner as everything else.
    package static func assuming(_ desired: DesiredState, dialect: any SQLDialect, askedBy next: DesiredState) -> ObservedState {
        let user = desired.systemUser.name
        let sameUser = next.systemUser.name == user
        let roles = Set([desired.impersonationRole?.name].compactMap { $0 })
        let databaseACL = [
            ACLItem(grantee: "", privileges: dialect.publicDatabasePrivileges, grantor: user),
            ACLItem(grantee: user, privileges: dialect.systemUserDatabasePrivileges, grantor: user),
        ]
        let server = ServerObservation(
            currentUser: "", isSuperuser: false, canCreateDatabases: true, canCreateUsers: true,
            database: DatabaseObservation(name: desired.database.name, owner: "", acl: databaseACL),
            systemUserExists: sameUser, existingRoles: roles,
            rolesAdministeredBySystemUser: sameUser ? roles : [],
            // The initial-create script already let its runner act as the system account.
            currentUserActsAsSystemUser: sameUser)
        var schemas: [String: SchemaObservation] = [:]
        for schema in desired.schemas {
            schemas[schema.name] = SchemaObservation(
                name: schema.name, owner: user, acl: [ACLItem(grantee: "", privileges: ["U"], grantor: user)])
        }
        let managed = ManagedDatabaseObservation(schemas: schemas, markerTableExists: true, markers: [desired.marker],
                                                 systemUserCanReadMarker: sameUser)
        return ObservedState(server: server, managed: managed)
    }

    /// Nothing exists yet and nobody has looked: what a create script starts from. The current
    /// user is unknown (whoever runs the script).
    package static var nothing: ObservedState {
        ObservedState(
            server: ServerObservation(currentUser: "", isSuperuser: false, canCreateDatabases: true, canCreateUsers: true,
                                      database: nil, systemUserExists: false, existingRoles: [], rolesAdministeredBySystemUser: [],
                                      currentUserActsAsSystemUser: false),
            managed: nil)
    }
}
