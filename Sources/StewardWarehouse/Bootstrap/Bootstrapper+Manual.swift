import StewardSpec

extension Bootstrapper {
    /// Checks a manual setup (`autoBootstrap: false`) without running any DDL: logs in as the
    /// system account the scripts created, observes the catalog, and asks the planner what is
    /// still missing. Anything missing is a failed validation test naming each object or grant
    /// and the script that adds it. Used for creates, edits and routine checks alike.
    package func verifyManual(_ input: ManualCheckInput) async -> BootstrapOutcome {
        var tests = ValidationRecorder(input.priorTests)
        let config = input.spec.config
        let file = input.fileName
        let connection: PGConnection
        do {
            connection = try await PGConnection.connect(input.login)
        } catch let error as WarehouseError {
            var message = "could not log in as \(input.login.user) to database \(config.database) on \(config.host):\(config.port): \(error)"
            if error.kind == .authenticationFailed || error.kind == .databaseNotFound {
                message += ". If the setup scripts have not run yet: run `steward script initial-create \(file)` in "
                    + "\(config.initialDatabase ?? "the initial database") and `steward script create \(file)` inside \(config.database); "
                    + "otherwise check the spec's credentials"
            }
            tests.fail(ValidationTestName.basicConnection, message: message)
            return tests.outcome(.failed(WarehouseError(kind: error.kind, sqlState: error.sqlState, message: message, fix: error.fix)), dialect: nil)
        } catch {
            tests.fail(ValidationTestName.basicConnection, message: "\(error)")
            return tests.outcome(.failed(WarehouseError(kind: .unexpectedResponse, message: "\(error)")), dialect: nil)
        }
        defer { connection.close() }
        let kind = connection.serverDialect
        tests.pass(ValidationTestName.basicConnection, result: [kind.rawValue])
        do {
            let manual = ManualSetup(integrationName: input.integrationName, spec: input.spec, dialect: kind)
            let desired = try manual.desiredState(password: nil, previousRole: input.previousRole)
            let observed = try await kind.dialect.catalog.observeAll(connection, desired.observationQuery)
            var server = observed.server
            guard server.currentUser == desired.systemUser.name else {
                tests.fail(ValidationTestName.manualSystemAccount, message:
                    "logged in as \(server.currentUser), but the scripts for this spec make \(desired.systemUser.name) the system account. "
                    + "Log in as the account the scripts created (config.username, or the Okta user for okta)")
                return tests.outcome(.validationFailed(message: tests.firstFailure ?? ""), dialect: kind)
            }
            tests.pass(ValidationTestName.manualSystemAccount)
            // The system account checks itself: its membership in its own role is moot.
            server.currentUserActsAsSystemUser = true
            let plan = try Planner(dialect: kind.dialect).plan(desired: desired, observed: ObservedState(server: server, managed: observed.managed))
            let name = input.integrationName
            report(plan.serverSteps, test: ValidationTestName.manualServerObjects, tests: &tests, fix:
                "run `steward script initial-create \(file)` in \(config.initialDatabase ?? "the initial database") for a new integration, "
                + "or `steward script edit \(name) \(file)` after changing an enabled one")
            report(plan.databaseSteps, test: ValidationTestName.manualDatabaseObjects, tests: &tests, fix:
                "run `steward script create \(file)` inside \(config.database) for a new integration, "
                + "or `steward script edit \(name) \(file)` after changing an enabled one")
            if !SourceGrants.localTables(input.spec.governance, managedDatabase: config.database).isEmpty {
                report(try await sourceGrantSteps(input.spec, systemUser: desired.systemUser, connection: connection),
                       test: ValidationTestName.manualSourceGrants, tests: &tests, fix:
                        "run the grants of `steward script create \(file)` (or `steward script edit \(name) \(file)`) inside \(config.database)")
            }
            if let failure = tests.firstFailure {
                return tests.outcome(.validationFailed(message: failure), dialect: kind)
            }
            // Enforcement needs no privileges: the system account owns the views and the profile.
            var enforced: [Step] = []
            if input.governanceApplied || !input.spec.governance.isEmpty {
                do {
                    enforced = try await enforce(input.spec, connection: connection, dialect: kind)
                } catch let error as WarehouseError {
                    tests.fail(ValidationTestName.policiesEnforced, message: error.description)
                    return tests.outcome(.failed(error), dialect: kind)
                }
            }
            if !input.spec.governance.isEmpty || !enforced.isEmpty { tests.pass(ValidationTestName.policiesEnforced) }
            if let failure = try await verifyDataSources(input.spec, connection: connection, systemUser: input.login.user,
                                                         repaired: enforced, tests: &tests) {
                return tests.outcome(.validationFailed(message: failure), dialect: kind)
            }
            if let line = StepSummary.line("applied", enforced) {
                logger.info("\(line)", metadata: ["steward.steps": "\(enforced.count)"])
            }
            return tests.outcome(.converged(stepsRun: enforced), dialect: kind)
        } catch let error as WarehouseError {
            return tests.outcome(.failed(error), dialect: kind)
        } catch {
            return tests.outcome(.failed(WarehouseError(kind: .unexpectedResponse, message: "\(error)")), dialect: kind)
        }
    }

    /// One validation test: passed when nothing is missing, else failed listing each missing step.
    func report(_ missing: [Step], test: String, tests: inout ValidationRecorder, fix: String) {
        if missing.isEmpty {
            tests.pass(test)
        } else {
            tests.fail(test, message: "missing: " + missing.map(\.description).joined(separator: "; ") + ". To fix: \(fix)")
        }
    }
}
