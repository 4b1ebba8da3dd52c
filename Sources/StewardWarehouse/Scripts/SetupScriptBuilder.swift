import StewardSpec

/// Builds the manual-setup scripts from the planner: one source of truth with the automatic
/// path. Pure: no connection, no clock.
package struct SetupScriptBuilder: Sendable {
    package var dialect: DialectKind
    /// `host:port`, for the header.
    package var server: String
    /// Where server-wide statements run (`config.initialDatabase`).
    package var initialDatabase: String

    package init(dialect: DialectKind, server: String, initialDatabase: String) {
        self.dialect = dialect
        self.server = server
        self.initialDatabase = initialDatabase
    }

    var planner: Planner { Planner(dialect: dialect.dialect) }

    /// The first script: the managed database, the system account and the impersonation role.
    package func initialCreate(_ desired: DesiredState) throws -> SetupScript {
        let steps = try planner.serverSteps(desired: desired, observed: ObservedState.nothing.server)
        return script(.initialCreate, desired.integrationName, [
            .init(title: "Server objects", database: initialDatabase, steps: steps, transactional: false),
        ], notes: [
            "Run it in database \(initialDatabase) as a user who may create databases and users and manage grants.",
            "Then run the create script inside database \(desired.database.name).",
        ])
    }

    /// The second script: Steward's schemas, their grants and the ownership marker.
    package func create(_ desired: DesiredState, governance: Governance = Governance()) throws -> SetupScript {
        let steps = try planner.databaseSteps(desired: desired, observed: nil)
            + SourceGrants.steps(governance, managedDatabase: desired.database.name, systemUser: desired.systemUser, observed: nil)
        return script(.create, desired.integrationName, [
            .init(title: "Inside the managed database", database: desired.database.name, steps: steps, transactional: true),
        ], notes: [
            "Run it inside database \(desired.database.name), after the initial-create script, as the same user.",
            "Then add the spec file (autoBootstrap: false); Steward checks the result and reports enabled.",
        ])
    }

    /// Moves an integration from `old` (its last applied state) to `new`. A changed password is
    /// set again whatever it was (harmless when unchanged: Steward cannot tell, as it never
    /// stores passwords).
    package func edit(from old: DesiredState, to new: DesiredState, governance: Governance = Governance()) throws -> SetupScript {
        var target = new
        target.resetSystemUserPassword = target.systemUserVerifier != nil
        let assumed = ObservedState.assuming(old, dialect: dialect.dialect, askedBy: target)
        let server = try planner.serverSteps(desired: target, observed: assumed.server)
        let inside = try planner.databaseSteps(desired: target, observed: assumed.managed)
            + SourceGrants.steps(governance, managedDatabase: new.database.name, systemUser: new.systemUser, observed: nil)
        var notes = ["Moves integration \(new.integrationName) from its last applied configuration to the edited spec file."]
        if old.systemUser != new.systemUser {
            notes.append("The previous system account \(old.systemUser.name) is no longer used; drop it once nothing depends on it.")
        }
        notes.append("Afterwards Steward checks the result at its next pass (or `systemctl reload steward`).")
        return script(.edit, new.integrationName, [
            .init(title: "Server objects", database: initialDatabase, steps: server, transactional: false),
            .init(title: "Inside the managed database", database: new.database.name, steps: inside, transactional: true),
        ], notes: notes)
    }

    /// Removes an integration that was created: its impersonation role, its database, its account.
    package func delete(integrationName: String, database: SQLIdentifier, systemUser: SQLIdentifier, roles: [SQLIdentifier],
                       existingDatabase: Bool = false) -> SetupScript {
        let steps = planner.deletionSteps(database: existingDatabase ? nil : database, systemUser: systemUser, roles: roles,
                                          existingDatabase: existingDatabase ? database : nil)
        return script(.delete, integrationName, [
            .init(title: "Inside the database", database: database.name, steps: steps.filter { $0.target == .managedDatabase }, transactional: false),
            .init(title: "Server objects", database: initialDatabase, steps: steps.filter { $0.target == .initialDatabase }, transactional: false),
        ], notes: existingDatabase ? [
            "Run the first section in database \(database.name), the second in \(initialDatabase), as a user who may drop them.",
            "\(database.name) and its tables stay. Written offline, this script cannot see the catalog: views published outside "
                + "Steward's schemas and \(systemUser.name)'s grants on the source tables are not in it (Steward's own deletion reads "
                + "them). Drop and revoke those first where the engine requires it (Redshift refuses DROP USER while the user owns "
                + "an object or holds a privilege, but checks only the database it runs in).",
        ] : [
            "Run it in database \(initialDatabase) (not in \(database.name), which it drops) as a user who may drop it.",
            "Everything inside \(database.name) is dropped with it.",
        ])
    }

    /// Removes whatever a failed creation of `desired` may have left: every object the create
    /// scripts make, each only if present where the engine can say so.
    package func cleanup(_ desired: DesiredState) -> SetupScript {
        let roles = [desired.impersonationRole].compactMap { $0 }
        let steps = planner.deletionSteps(database: desired.database, systemUser: desired.systemUser, roles: roles)
        return script(.cleanup, desired.integrationName, [
            .init(title: "Server objects", database: initialDatabase, steps: steps, transactional: false),
        ], notes: [
            "Removes what a failed creation of \(desired.integrationName) left behind. Run it in database \(initialDatabase).",
            "Statements for objects that were never created fail harmlessly where the engine has no IF EXISTS; go on past them.",
        ])
    }

    func script(_ kind: SetupScriptKind, _ name: String, _ sections: [SetupScript.Section], notes: [String]) -> SetupScript {
        SetupScript(kind: kind, dialect: dialect, integrationName: name, server: server, sections: sections, notes: notes)
    }
}
