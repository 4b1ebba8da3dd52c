import StewardSpec

/// What a deletion may touch: the names recorded for the integration.
package struct DeletionInput: Sendable {
    package var integrationUID: String
    package var integrationName: String
    /// The privileged account in the initial database.
    package var privileged: ConnectionParameters
    package var database: String
    package var systemUser: String
    /// Impersonation roles the integration created (current and earlier).
    package var roles: [String]
    /// Objects the store says this integration created or meant to create.
    package var ownedObjects: Set<ManagedObject>
    /// Single-database mode: drop what the system account owns inside the database, not the database.
    package var existingDatabase = false
    /// Asked right before the first destructive statement (after the login and the catalog
    /// observation): false calls the deletion off with nothing dropped (`.cancelled`). The
    /// reconciler answers whether the spec file is still missing.
    package var confirmBeforeDropping: @Sendable () -> Bool = { true }

    package init(integrationUID: String, integrationName: String, privileged: ConnectionParameters, database: String,
                systemUser: String, roles: [String], ownedObjects: Set<ManagedObject>) {
        self.integrationUID = integrationUID
        self.integrationName = integrationName
        self.privileged = privileged
        self.database = database
        self.systemUser = systemUser
        self.roles = roles
        self.ownedObjects = ownedObjects
    }
}

extension Bootstrapper {
    /// Drops what belongs to the integration: its impersonation roles, its managed database and
    /// its system account — each only if it exists and the ownership marker or a recorded intent
    /// ties it to this integration. Anything else is left alone and reported.
    package func delete(_ input: DeletionInput, journal: some BootstrapJournal) async -> BootstrapOutcome {
        var tests = ValidationRecorder()
        var dialect: DialectKind?
        do {
            let connection: PGConnection
            do {
                connection = try await PGConnection.connect(input.privileged)
            } catch let error as WarehouseError {
                tests.fail(ValidationTestName.basicConnection, message: error.description)
                return tests.outcome(.failed(error), dialect: nil)
            }
            defer { connection.close() }
            let kind = DialectKind.detect(fromVersion: try await connection.query(SessionSQL.version).value("version") ?? "")
            dialect = kind
            tests.pass(ValidationTestName.basicConnection, result: [kind.rawValue])
            if kind == .postgresql {
                let ended = try await LeftoverSessions.end(on: connection, integrationName: input.integrationName)
                if ended > 0 { logger.notice("ended \(ended) session(s) an earlier steward process left running") }
            }
            let catalog = kind.dialect.catalog
            let query = ObservationQuery(database: input.database, systemUser: input.systemUser, roles: input.roles)
            let server = try await catalog.observeServer(connection, query)

            var marker: OwnershipMarker?
            var foreignMarkers: [OwnershipMarker] = []
            var inside: PGConnection?
            defer { inside?.close() }
            // A database left invalid by an interrupted DROP DATABASE cannot be connected to (so
            // its marker cannot be read); the store's record of what this integration made is the
            // proof of ownership, and DROP DATABASE finishes the job.
            if let database = server.database, !database.isInvalid {
                let managedConnection = try await PGConnection.connect(listedDatabase: input.privileged.with(database: input.database))
                inside = managedConnection
                let managed = try await catalog.observeManagedDatabase(managedConnection, query)
                marker = managed.marker(uid: input.integrationUID)
                foreignMarkers = managed.markers.filter { $0.uid != input.integrationUID }
            }
            func owns(_ kind: ManagedObject.Kind, _ name: String, markerSays: Bool) -> Bool {
                markerSays || input.ownedObjects.contains(ManagedObject(kind: kind, name: name))
            }
            var skipped: [String] = []
            let ownsDatabase = server.database != nil && foreignMarkers.isEmpty && !input.existingDatabase
                && owns(.database, input.database, markerSays: marker != nil)
            if server.database != nil && !ownsDatabase && !input.existingDatabase { skipped.append("database \(input.database)") }
            let ownsUser = server.systemUserExists && owns(.user, input.systemUser, markerSays: marker?.systemUser == input.systemUser)
            if server.systemUserExists && !ownsUser { skipped.append("user \(input.systemUser)") }
            var roles: [SQLIdentifier] = []
            for role in input.roles where server.existingRoles.contains(role) {
                if owns(.role, role, markerSays: marker?.impersonationRole == role) {
                    roles.append(try SQLIdentifier(role))
                } else {
                    skipped.append("role \(role)")
                }
            }
            // Single-database mode: what the system account owns and holds in the database stays
            // behind unless each piece is named (Redshift has no DROP OWNED), and DROP USER from the
            // initial database would not notice it (it checks only the current database).
            var footprint: SystemUserFootprint?
            if input.existingDatabase, ownsUser, let inside {
                footprint = try await SystemUserFootprint.observe(inside, user: input.systemUser)
            }
            let steps = Planner(dialect: kind.dialect).deletionSteps(
                database: ownsDatabase ? try SQLIdentifier(input.database) : nil,
                systemUser: ownsUser ? try SQLIdentifier(input.systemUser) : nil, roles: roles,
                existingDatabase: input.existingDatabase && inside != nil ? try SQLIdentifier(input.database) : nil,
                footprint: footprint)
            if !steps.isEmpty && !input.confirmBeforeDropping() {
                return tests.outcome(.cancelled(reason: "the deletion of \(input.integrationName) was called off before anything was dropped"),
                                     dialect: kind)
            }
            for step in steps {
                if step.target == .managedDatabase, let inside {
                    try await run(step, on: inside, journal: journal)
                } else {
                    // The managed database's steps come first; its session ends before the drops,
                    // so DROP DATABASE … WITH (FORCE) has no session of Steward's own to kill.
                    inside?.close()
                    inside = nil
                    try await run(step, on: connection, journal: journal)
                }
            }
            if skipped.isEmpty {
                tests.pass("Delete: Managed Objects Removed")
            } else {
                tests.warn("Delete: Managed Objects Removed", message:
                    "left in place because no ownership marker ties them to this integration: \(skipped.joined(separator: ", "))")
            }
            if let line = StepSummary.line("dropped with", steps) {
                logger.info("\(line)", metadata: ["steward.integration": "\(input.integrationName)", "steward.steps": "\(steps.count)"])
            }
            return tests.outcome(.converged(stepsRun: steps), dialect: kind)
        } catch let error as WarehouseError {
            return tests.outcome(.failed(error), dialect: dialect)
        } catch {
            return tests.outcome(.failed(WarehouseError(kind: .unexpectedResponse, message: "\(error)")), dialect: dialect)
        }
    }
}
