import Logging
import StewardSpec

/// Automatic bootstrap of one integration: connect, validate, observe, plan, apply, verify.
///
/// Every run starts from the catalog, so running it twice changes nothing the second time, and a
/// run interrupted at any point resumes where the warehouse stands. It never takes over a
/// database, user or role that neither this integration's ownership marker nor a recorded intent
/// ties to it: that is a failed validation test, and nothing is changed.
package struct Bootstrapper: Sendable {
    package var logger: Logger

    package init(logger: Logger) {
        self.logger = logger
    }

    /// Brings the warehouse to the spec (or, with `dryRun`, returns the plan without running it).
    package func apply(_ input: BootstrapInput, journal: some BootstrapJournal, dryRun: Bool = false) async -> BootstrapOutcome {
        var tests = ValidationRecorder(input.priorTests)
        var dialect: DialectKind?
        do {
            // 1. Basic connection, as the privileged account, to the initial database.
            let connection: PGConnection
            do {
                connection = try await PGConnection.connect(input.privilegedParameters)
            } catch let error as WarehouseError {
                tests.fail(ValidationTestName.basicConnection, message: error.description)
                return tests.outcome(.failed(error), dialect: nil)
            }
            defer { connection.close() }
            // What steps 1 and 2 read on this connection goes out ahead in one round trip, for the
            // engine the server reported at login (`PGConnection.readAhead`; a miss costs a round trip).
            let predicted = connection.serverDialect
            let early = try? desiredState(input, dialect: predicted, connection: connection)
            if let early {
                try await connection.readAhead(observationReads(input, query: early.observationQuery, dialect: predicted, dryRun: dryRun))
            }
            let version = try await connection.query(SessionSQL.version).value("version") ?? ""
            let kind = DialectKind.detect(fromVersion: version)
            dialect = kind
            tests.pass(ValidationTestName.basicConnection, result: [kind.rawValue])
            if kind == .postgresql && !dryRun {
                let ended = try await LeftoverSessions.end(on: connection, integrationName: input.integrationName)
                if ended > 0 {
                    // What was read ahead predates the end of those sessions' statements.
                    connection.endReadAhead()
                    logger.notice("ended \(ended) session(s) an earlier steward process left running")
                }
            }

            // 2. Observe, then validate ownership and privileges.
            let desired = try early.flatMap { kind == predicted ? $0 : nil } ?? desiredState(input, dialect: kind, connection: connection)
            let catalog = kind.dialect.catalog
            var server = try await catalog.observeServer(connection, desired.observationQuery)
            connection.endReadAhead()
            var recovered: [Step] = []
            if let database = server.database, database.isInvalid,
               input.ownedObjects.contains(ManagedObject(kind: .database, name: database.name)) {
                // This integration's own database, left invalid by a DROP DATABASE the server
                // crashed in the middle of (a deletion, then the file came back): finish the drop
                // and create it afresh. A dry run plans as if the drop had happened.
                if !dryRun {
                    recovered = Planner(dialect: kind.dialect).deletionSteps(
                        database: try SQLIdentifier(database.name), systemUser: nil, roles: [])
                    for step in recovered { try await run(step, on: connection, journal: journal) }
                }
                server.database = nil
            }
            // One connection to the managed database serves both observing and applying.
            let managedParameters = input.privilegedParameters.with(database: input.spec.config.database)
            var managedConnection: PGConnection?
            defer { managedConnection?.close() }
            var managed: ManagedDatabaseObservation?
            if let database = server.database, !database.isInvalid {
                let inside = try await PGConnection.connect(listedDatabase: managedParameters)
                managedConnection = inside
                // The managed database's catalog and the source grants, in one round trip.
                let grants = SourceGrants.read(SourceGrants.localTables(input.spec.governance, managedDatabase: input.spec.config.database), dialect: kind)
                try await inside.readAhead(catalog.readsOfManagedDatabase(desired.observationQuery, markerTableExists: input.appliedBefore)
                                           + [grants].compactMap { $0 })
                managed = try await catalog.observeManagedDatabase(inside, desired.observationQuery)
            }
            let ownership = Ownership(input: input, managed: managed)
            validate(input, desired: desired, server: server, managed: managed, ownership: ownership, tests: &tests)
            if let failure = tests.firstFailure {
                return tests.outcome(.validationFailed(message: failure), dialect: kind)
            }

            // 3. Plan.
            let planner = Planner(dialect: kind.dialect)
            let plan = try planner.plan(desired: desired, observed: ObservedState(server: server, managed: managed))
            if dryRun {
                return tests.outcome(.planned(plan), dialect: kind)
            }
            if !plan.isEmpty || !recovered.isEmpty {
                // Steps are about to change the server: the grants read ahead may not stand.
                managedConnection?.endReadAhead()
            }

            // 4. Apply: server-wide steps one by one, then the managed database's in one transaction.
            var ran: [Step] = recovered
            // The managed database's connection opens after every server-wide step, not beside
            // them: a session that began before the privileged account was made a member of the
            // system account's role was refused `CREATE SCHEMA … AUTHORIZATION` (PostgreSQL 15).
            for step in plan.serverSteps {
                try await run(step, on: connection, journal: journal)
                ran.append(step)
            }
            // The system account and its right to connect exist now: its login (step 5) starts
            // beside the managed database's work instead of after it.
            let systemLogin = Task { try await PGConnection.connect(input.systemUserParameters) }
            // Server-wide steps never change what is inside the managed database, so the first
            // observation (and the plan's database steps) stands; a database created just now is
            // observed once it exists.
            let inside: PGConnection
            let databaseSteps: [Step]
            if let existing = managedConnection, managed != nil {
                inside = existing
                databaseSteps = plan.databaseSteps
            } else {
                inside = try await PGConnection.connect(listedDatabase: managedParameters)
                managedConnection = inside
                databaseSteps = try planner.databaseSteps(
                    desired: desired, observed: try await catalog.observeManagedDatabase(inside, desired.observationQuery))
            }
            if !databaseSteps.isEmpty {
                try await runInTransaction(databaseSteps, on: inside)
                ran += databaseSteps
            }
            let grants = try await sourceGrantSteps(input.spec, systemUser: desired.systemUser, connection: inside)
            inside.endReadAhead()
            if !grants.isEmpty {
                try await runInTransaction(grants, on: inside)
                ran += grants
            }

            // 5. Verify: the system account logs in, and a fresh plan is empty. When nothing ran,
            // the observation above is that fresh plan's (its plan was empty), so it is not read again.
            let system = try await verifyLogin(input, desired: desired, dialect: kind, privileged: connection, started: systemLogin,
                                               tests: &tests, ran: &ran)
            defer { system.close() }
            var settled = desired
            settled.resetSystemUserPassword = false
            var remaining = Plan(serverSteps: [], databaseSteps: [])
            if !ran.isEmpty {
                // The server and the managed database are read at once, on their two connections.
                async let serverAfter = catalog.observeServerAtOnce(connection, desired.observationQuery)
                async let managedAfter = catalog.observeManagedDatabaseAtOnce(inside, desired.observationQuery)
                remaining = try planner.plan(desired: settled, observed: ObservedState(server: try await serverAfter, managed: try await managedAfter))
            }
            if remaining.isEmpty {
                tests.pass(ValidationTestName.managedObjectsPresent)
            } else {
                let message = "after applying, these steps are still needed: "
                    + remaining.steps.map(\.description).joined(separator: "; ")
                    + ". Something outside Steward changed them meanwhile, or the account lacks a privilege; Steward retries"
                tests.fail(ValidationTestName.managedObjectsPresent, message: message)
                return tests.outcome(.failed(WarehouseError(kind: .statementFailed, message: message)), dialect: kind)
            }
            // 6. Enforcement, as the system account (it owns the views and the profile), on the
            // connection that proved its login; what it reads goes out ahead in one round trip.
            if input.needsEnforcement {
                do {
                    try await system.readAhead(enforcementReads(input.spec, dialect: kind,
                                                                inPlace: input.appliedBefore && input.governanceApplied))
                    defer { system.endReadAhead() }
                    let enforced = try await enforce(input.spec, connection: system, dialect: kind)
                    ran += enforced
                    if !input.spec.governance.isEmpty || !enforced.isEmpty { tests.pass(ValidationTestName.policiesEnforced) }
                    if let failure = try await verifyDataSources(input.spec, connection: system, systemUser: input.systemUser,
                                                                 repaired: enforced, tests: &tests) {
                        return tests.outcome(.validationFailed(message: failure), dialect: kind)
                    }
                } catch let error as WarehouseError {
                    tests.fail(ValidationTestName.policiesEnforced, message: error.description)
                    return tests.outcome(.failed(error), dialect: kind)
                }
            }
            if let line = StepSummary.line("applied", ran) {
                logger.info("\(line)", metadata: ["steward.integration": "\(input.integrationName)", "steward.steps": "\(ran.count)"])
            }
            return tests.outcome(.converged(stepsRun: ran), dialect: kind)
        } catch let error as WarehouseError {
            return tests.outcome(.failed(error), dialect: dialect)
        } catch {
            return tests.outcome(.failed(WarehouseError(kind: .unexpectedResponse, message: "\(error)")), dialect: dialect)
        }
    }

    /// The desired state. `computeVerifier: false` skips hashing the system account's password
    /// (a routine check never creates or alters the account, and SCRAM hashing is costly).
    func desiredState(_ input: BootstrapInput, dialect: DialectKind, connection: PGConnection, computeVerifier: Bool = true) throws -> DesiredState {
        let user = try SQLIdentifier(input.systemUser)
        let verifier: String
        switch dialect {
        case _ where !computeVerifier:
            verifier = "unused-by-checks"
        case .postgresql:
            verifier = try connection.encryptPassword(input.systemUserPassword.unredacted, user: user.name, algorithm: "scram-sha-256")
        case .redshift:
            guard let md5 = PGConnection.md5Verifier(password: input.systemUserPassword.unredacted, user: user.name) else {
                throw WarehouseError(kind: .unexpectedResponse, message: "libpq could not compute an md5 password verifier")
            }
            verifier = md5
        }
        let impersonation = input.spec.config.impersonation
        let role = impersonation.enabled ? try SQLIdentifier(impersonation.role) : nil
        let remove = try input.previousRoles.filter { $0 != role?.name }.map(SQLIdentifier.init)
        var desired = try DesiredState(
            integrationUID: input.integrationUID, integrationName: input.integrationName,
            database: SQLIdentifier(input.spec.config.database), systemUser: user,
            systemUserVerifier: Secret(verifier), resetSystemUserPassword: input.systemUserPasswordIsNew,
            impersonationRole: role, rolesToRemove: remove)
        desired.existingDatabase = input.spec.config.existingDatabase
        return desired
    }

    func validate(_ input: BootstrapInput, desired: DesiredState, server: ServerObservation, managed: ManagedDatabaseObservation?,
                  ownership: Ownership, tests: inout ValidationRecorder) {
        let config = input.spec.config
        let host = "\(config.host):\(config.port)"
        if desired.existingDatabase {
            if server.database == nil {
                tests.fail(ValidationTestName.databaseExists, message:
                    "config.existingDatabase is true, but database \(desired.database.name) does not exist on \(host). "
                    + "Create it (with the tables to govern), or set existingDatabase: false to let Steward create a new database")
            } else {
                tests.pass(ValidationTestName.databaseExists)
            }
        } else if server.database == nil {
            tests.pass(ValidationTestName.databaseDoesNotExist, result: [])
        } else if ownership.ownsDatabase(desired.database.name) {
            tests.pass(ValidationTestName.databaseDoesNotExist, message: "database \(desired.database.name) exists and belongs to this integration")
        } else {
            let owner = managed?.markers.first.map { " (it belongs to integration \($0.integrationName), uid \($0.uid))" } ?? ""
            tests.fail(ValidationTestName.databaseDoesNotExist, message:
                "database \(desired.database.name) already exists on \(host) and does not carry this integration's ownership marker\(owner). "
                + "Steward never takes over or drops a database it did not create: choose another config.database, "
                + "or drop \(desired.database.name) yourself if nothing uses it")
        }

        let needsDatabase = server.database == nil && !desired.existingDatabase
        let needsUser = !server.systemUserExists
        var missing: [String] = []
        if needsDatabase && !server.canCreateDatabases { missing.append("CREATE DATABASE (CREATEDB)") }
        if needsUser && server.canCreateUsers == false { missing.append("CREATE USER (CREATEROLE)") }
        if !missing.isEmpty {
            tests.fail(ValidationTestName.userGrants, message:
                "\(server.currentUser) lacks \(missing.joined(separator: " and ")) on \(host). "
                + "Grant them (e.g. ALTER USER \(server.currentUser) CREATEDB) or use a superuser for the bootstrap")
        } else if needsUser && server.canCreateUsers == nil {
            tests.warn(ValidationTestName.userGrants, message:
                "could not confirm that \(server.currentUser) may create users; the bootstrap will try")
        } else {
            tests.pass(ValidationTestName.userGrants)
        }

        if server.systemUserExists && !ownership.ownsUser(desired.systemUser.name) {
            tests.fail(ValidationTestName.systemAccountDoesNotExist, message:
                "a user named \(desired.systemUser.name) already exists on \(host) and is not this integration's system account. "
                + "Rename the integration (the spec file) or drop that user if nothing uses it")
        } else {
            tests.pass(ValidationTestName.systemAccountDoesNotExist)
        }

        if let role = desired.impersonationRole {
            if server.existingRoles.contains(role.name) && !ownership.ownsRole(role.name) {
                tests.fail(ValidationTestName.impersonationRoleDoesNotExist, message:
                    "a role named \(role.name) already exists on \(host) and was not created by this integration. "
                    + "Set config.impersonation.role to another name, or drop that role if nothing uses it")
            } else {
                tests.pass(ValidationTestName.impersonationRoleDoesNotExist)
            }
        }
    }

    func run(_ step: Step, on connection: PGConnection, journal: some BootstrapJournal) async throws {
        if let object = step.creates { try await journal.willCreate(object) }
        logger.debug("running step: \(step.description)", metadata: ["steward.step": "\(step.description)"])
        try await connection.execute(step.statement)
        if let object = step.creates { try await journal.didCreate(object) }
        if let object = step.drops { try await journal.didDrop(object) }
    }

    /// Runs `steps` as one transaction in one pipeline (`PGConnection.pipeline`): `BEGIN`, the
    /// steps, `COMMIT`, sent together, one round trip. The first failing step stops the rest and
    /// the transaction is rolled back, so the warehouse holds all of the steps or none of them,
    /// as when they ran one by one. None of these steps creates or drops a journaled object
    /// (those are server-wide steps, run by `run`), so no intent is recorded around them.
    func runInTransaction(_ steps: [Step], on connection: PGConnection) async throws {
        for step in steps {
            logger.debug("running step: \(step.description)", metadata: ["steward.step": "\(step.description)"])
        }
        do {
            try await connection.pipeline(SessionSQL.transaction(steps.map(\.statement)))
        } catch {
            _ = try? await connection.query(SessionSQL.rollback)
            throw error
        }
    }

    /// Logs in as the system account. If the password was changed behind Steward's back, sets the
    /// stored one again (the account is this integration's) and tries once more.
    /// `started` is the first login attempt, begun earlier. Returns the system account's
    /// connection, for enforcement.
    func verifyLogin(_ input: BootstrapInput, desired: DesiredState, dialect: DialectKind, privileged: PGConnection,
                     started: Task<PGConnection, any Error>, tests: inout ValidationRecorder, ran: inout [Step]) async throws -> PGConnection {
        let connection: PGConnection
        do {
            connection = try await started.value
        } catch let error as WarehouseError where error.kind == .authenticationFailed {
            let reset = Step("Set the stored password for the system account \(desired.systemUser.name) again", target: .initialDatabase,
                             statement: dialect.dialect.setPassword(desired.systemUser, verifier: try SQLLiteral(desired.systemUserVerifier?.unredacted ?? "")))
            try await run(reset, on: privileged, journal: NoJournal())
            ran.append(reset)
            do {
                connection = try await PGConnection.connect(input.systemUserParameters)
            } catch let error as WarehouseError {
                tests.fail(ValidationTestName.systemAccountLogin, message: "the system account cannot log in: \(error)")
                throw error
            }
        } catch let error as WarehouseError {
            tests.fail(ValidationTestName.systemAccountLogin, message: "the system account cannot log in: \(error)")
            throw error
        }
        tests.pass(ValidationTestName.systemAccountLogin)
        return connection
    }
}
