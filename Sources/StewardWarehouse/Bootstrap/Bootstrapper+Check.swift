import StewardSpec

/// The result of a routine check.
package enum CheckResult: Sendable {
    /// Everything is in place; nothing was changed.
    case clean(ValidationResults)
    /// Something is missing or different: these steps would repair it (they need the privileged account).
    case needsRepair([Step])
    /// The check could not run.
    case failed(WarehouseError)
}

extension Bootstrapper {
    /// A routine check of an enabled integration, as its system account (the privileged
    /// credentials are needed only for repairs): one connection to the managed database and,
    /// once logged in, one round trip. Everything the check reads (catalog, marker rows, source
    /// grants, enforcement's tables and views, the read-through of every view) and the cleanup
    /// of ended impersonation sessions go out as one pipeline (`checkReads`, sent ahead with
    /// `PGConnection.readAhead`); the check then runs as written, answered from that pipeline.
    /// Only what the prediction missed (a table not set up yet, a view tracked in a schema the
    /// spec no longer names, a failing read-through narrowed down view by view) costs more.
    package func check(_ input: BootstrapInput) async -> CheckResult {
        let connection: PGConnection
        do {
            connection = try await PGConnection.connect(input.systemUserParameters)
        } catch let error as WarehouseError {
            // The system account cannot log in (password changed, account dropped): a repair.
            if error.kind == .authenticationFailed || error.kind == .databaseNotFound { return .needsRepair([]) }
            return .failed(error)
        } catch {
            return .failed(WarehouseError(kind: .unexpectedResponse, message: "\(error)"))
        }
        defer { connection.close() }
        do {
            let kind = connection.serverDialect
            let desired = try desiredState(input, dialect: kind, connection: connection, computeVerifier: false)
            try await connection.readAhead(try checkReads(input, query: desired.observationQuery, dialect: kind))
            defer {
                let unused = connection.endReadAhead()
                logger.debug("routine check", metadata: ["steward.integration": "\(input.integrationName)", "steward.reads_unused": "\(unused)"])
            }
            let observed = try await kind.dialect.catalog.observeAll(connection, desired.observationQuery)
            var settled = desired
            settled.resetSystemUserPassword = false
            // The system account is not the privileged account: its membership in itself is moot.
            var server = observed.server
            server.currentUserActsAsSystemUser = true
            let plan = try Planner(dialect: kind.dialect).plan(desired: settled, observed: ObservedState(server: server, managed: observed.managed))
            if plan.isEmpty {
                let repairs = input.needsEnforcement
                    ? try await sourceGrantSteps(input.spec, systemUser: desired.systemUser, connection: connection)
                        + governanceSteps(input.spec, connection: connection, dialect: kind)
                    : []
                if !repairs.isEmpty {
                    logger.info("drift found", metadata: ["steward.integration": "\(input.integrationName)",
                                                          "steward.steps": "\(repairs.map(\.description).joined(separator: "; "))"])
                    return .needsRepair(repairs)
                }
                // Everything is in place; it must also work: every view reads as its owner.
                let unreadable = try await ViewReadThrough.unreadable(connection, dataSources: input.spec.governance.dataSources)
                if !unreadable.isEmpty {
                    logger.info("drift found", metadata: ["steward.integration": "\(input.integrationName)",
                                                          "steward.unreadable_views": "\(unreadable.map(\.view).joined(separator: ", "))"])
                    return .needsRepair([])
                }
                if input.spec.config.impersonation.enabled && !input.spec.governance.isEmpty,
                   let cleanup = kind.governance.cleanupEndedImpersonations {
                    try await connection.execute(cleanup)
                }
                return .clean(ValidationResults(validationTests: [ValidationTest(name: ValidationTestName.routineCheck, status: .passed)]))
            }
            logger.info("drift found", metadata: ["steward.integration": "\(input.integrationName)",
                                                  "steward.steps": "\(plan.steps.map(\.description).joined(separator: "; "))"])
            return .needsRepair(plan.steps)
        } catch let error as WarehouseError {
            return .failed(error)
        } catch {
            return .failed(WarehouseError(kind: .unexpectedResponse, message: "\(error)"))
        }
    }
}
