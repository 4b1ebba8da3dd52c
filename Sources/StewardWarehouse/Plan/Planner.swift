import StewardSpec

/// A pure function from (desired state, observed state) to ordered, idempotent steps.
///
/// The daemon, `steward plan` and the manual-setup scripts all use it, so what a dry run shows is
/// what runs. It never decides ownership: callers check the validation tests first and only plan
/// for objects that are absent or proven to be this integration's.
package struct Planner: Sendable {
    package let dialect: any SQLDialect

    package init(dialect: any SQLDialect) {
        self.dialect = dialect
    }

    /// Everything to do. `observed.managed == nil` means the managed database was not visited
    /// (it does not exist yet): then every in-database step is planned.
    package func plan(desired: DesiredState, observed: ObservedState) throws -> Plan {
        Plan(serverSteps: try serverSteps(desired: desired, observed: observed.server),
             databaseSteps: try databaseSteps(desired: desired, observed: observed.managed))
    }

    /// Server-wide steps, run connected to the initial database.
    package func serverSteps(desired: DesiredState, observed: ServerObservation) throws -> [Step] {
        var steps: [Step] = []
        let db = desired.database
        let user = desired.systemUser
        let verifier = try desired.systemUserVerifier.map { try SQLLiteral($0.unredacted) }

        if observed.database == nil && !desired.existingDatabase {
            steps.append(Step("Create the managed database \(db.name)", target: .initialDatabase,
                              statement: dialect.createDatabase(db), creates: ManagedObject(kind: .database, name: db.name)))
        }
        if !observed.systemUserExists {
            if let verifier {
                steps.append(Step("Create the system account \(user.name) with \(desired.passwordOrigin.createPhrase)", target: .initialDatabase,
                                  statement: dialect.createUser(user, verifier: verifier), creates: ManagedObject(kind: .user, name: user.name)))
            } else {
                steps.append(Step("Create the system account \(user.name), which logs in through federation only", target: .initialDatabase,
                                  statement: dialect.createFederatedUser(user), creates: ManagedObject(kind: .user, name: user.name)))
            }
        } else if desired.resetSystemUserPassword, let verifier {
            steps.append(Step("Set \(desired.passwordOrigin.resetPhrase) for the system account \(user.name)", target: .initialDatabase,
                              statement: dialect.setPassword(user, verifier: verifier)))
        }

        // PostgreSQL: only members of a role may give it objects (CREATE SCHEMA ... AUTHORIZATION).
        // A non-superuser bootstrap account (CREATEDB + CREATEROLE) joins the system account's role.
        // An empty current user is a script's reader, whoever runs it: `CURRENT_USER`.
        if let postgres = dialect as? PostgreSQLDialect, !observed.currentUserActsAsSystemUser {
            if observed.currentUser.isEmpty {
                steps.append(Step("Let the user running this script act as \(user.name) to give it schemas", target: .initialDatabase,
                                  statement: postgres.grantMembershipToCurrentUser(in: user)))
            } else {
                let current = try SQLIdentifier(observed.currentUser)
                steps.append(Step("Let \(current.name) act as \(user.name) to give it schemas", target: .initialDatabase,
                                  statement: postgres.grantMembership(in: user, to: current)))
            }
        }

        let acl = observed.database?.acl
        let publicHas = acl?.publicPrivileges
        if publicHas != dialect.publicDatabasePrivileges && !desired.existingDatabase {
            steps.append(Step("Revoke all privileges on \(db.name) from PUBLIC", target: .initialDatabase,
                              statement: dialect.revokeAllOnDatabaseFromPublic(db)))
            steps.append(Step("Grant PUBLIC temporary tables on \(db.name)", target: .initialDatabase,
                              statement: dialect.grantPublicDatabaseAccess(db)))
        }
        let userHas = acl?.privileges(of: user.name) ?? []
        if !dialect.systemUserDatabasePrivileges.isSubset(of: userHas) {
            steps.append(Step("Grant all privileges on \(db.name) to \(user.name)", target: .initialDatabase,
                              statement: dialect.grantAllOnDatabase(db, to: user)))
        }

        for role in desired.rolesToRemove where role != desired.impersonationRole && observed.existingRoles.contains(role.name) {
            steps.append(Step("Drop the impersonation role \(role.name), no longer configured", target: .initialDatabase,
                              statement: dialect.dropRole(role), drops: ManagedObject(kind: .role, name: role.name)))
        }
        if let role = desired.impersonationRole {
            if !observed.existingRoles.contains(role.name) {
                steps.append(Step("Create the impersonation role \(role.name)", target: .initialDatabase,
                                  statement: dialect.createRole(role), creates: ManagedObject(kind: .role, name: role.name)))
            }
            if !observed.rolesAdministeredBySystemUser.contains(role.name) {
                steps.append(Step("Let \(user.name) add users to \(role.name)", target: .initialDatabase,
                                  statement: dialect.grantRoleWithAdminOption(role, to: user)))
            }
        }
        return steps
    }

    /// Steps inside the managed database.
    package func databaseSteps(desired: DesiredState, observed: ManagedDatabaseObservation?) throws -> [Step] {
        var steps: [Step] = []
        let user = desired.systemUser
        for schema in desired.schemas {
            let seen = observed?.schemas[schema.name]
            if seen == nil {
                steps.append(Step("Create schema \(schema.name) owned by \(user.name)", target: .managedDatabase,
                                  statement: dialect.createSchema(schema, owner: user)))
            } else if seen?.owner != user.name {
                steps.append(Step("Give schema \(schema.name) to \(user.name)", target: .managedDatabase,
                                  statement: dialect.alterSchemaOwner(schema, owner: user)))
            }
            let publicUsage = seen?.acl?.publicPrivileges.contains("U") ?? false
            if !publicUsage {
                steps.append(Step("Grant PUBLIC usage on schema \(schema.name)", target: .managedDatabase,
                                  statement: dialect.grantSchemaUsageToPublic(schema)))
            }
        }
        if observed?.markerTableExists != true {
            steps.append(Step("Create the ownership marker table", target: .managedDatabase, statement: dialect.createMarkerTable()))
        }
        if observed?.systemUserCanReadMarker != true {
            steps.append(Step("Let \(user.name) read the ownership marker", target: .managedDatabase,
                              statement: dialect.grantMarkerRead(to: user)))
        }
        if observed?.marker(uid: desired.integrationUID) != desired.marker {
            let marker = "integration \(desired.integrationName) (\(desired.integrationUID))"
            for (index, statement) in dialect.writeMarker(desired.marker).enumerated() {
                steps.append(Step(index == 0 ? "Clear any earlier ownership record of \(marker)" : "Record ownership by \(marker)",
                                  target: .managedDatabase, statement: statement))
            }
        }
        return steps
    }

    /// Steps that remove an integration: its roles, its database, then its system account.
    /// Callers pass only objects proven to be this integration's (marker or recorded intent).
    package func deletionSteps(database: SQLIdentifier?, systemUser: SQLIdentifier?, roles: [SQLIdentifier],
                              existingDatabase: SQLIdentifier? = nil, footprint: SystemUserFootprint? = nil) -> [Step] {
        var steps: [Step] = []
        if let existingDatabase, let systemUser {
            for statement in dialect.dropEverythingOwned(by: systemUser, in: existingDatabase, footprint: footprint) {
                steps.append(Step("Drop what \(systemUser.name) owns in \(existingDatabase.name) (Steward's schemas and views) and its grants there",
                                  target: .managedDatabase, statement: statement))
            }
        }
        for role in roles {
            steps.append(Step("Drop the impersonation role \(role.name)", target: .initialDatabase,
                              statement: dialect.dropRole(role), drops: ManagedObject(kind: .role, name: role.name)))
        }
        if let database {
            steps.append(Step("Drop the managed database \(database.name)", target: .initialDatabase,
                              statement: dialect.dropDatabase(database), drops: ManagedObject(kind: .database, name: database.name)))
        }
        if let systemUser {
            steps.append(Step("Drop the system account \(systemUser.name)", target: .initialDatabase,
                              statement: dialect.dropUser(systemUser), drops: ManagedObject(kind: .user, name: systemUser.name)))
        }
        return steps
    }
}
