import StewardSpec

extension Bootstrapper {
    /// Applies an edit that changed only the groups and attributes of mapped users
    /// (`RedactedSpec.differsOnlyInProfiles`): as the system account, reads the profile rows, writes
    /// those that differ in one transaction and reads them back. Nothing else is observed or
    /// planned, so the cost does not grow with the number of data sources: one login and three
    /// round trips. `prior` are the validation tests of the last full apply, which this keeps.
    ///
    /// Returns nil when this is not enough or did not work (the profile table is missing, the
    /// login or a statement failed, the rows read back differ): the caller then runs the full
    /// apply, which reports any failure as it always does.
    package func applyProfile(_ input: BootstrapInput, prior: [ValidationTest]) async -> BootstrapOutcome? {
        do {
            let connection = try await PGConnection.connect(input.systemUserParameters)
            defer { connection.close() }
            let kind = connection.serverDialect
            let catalog = GovernanceCatalog(dialect: kind)
            let planner = GovernancePlanner(dialect: kind.governance)
            let governance = input.spec.governance
            guard let rows = try await catalog.observeProfile(connection) else { return nil }
            let steps = planner.profileSteps(governance, current: rows)
            if !steps.isEmpty {
                try await runInTransaction(steps, on: connection)
            }
            guard let after = try await catalog.observeProfile(connection), planner.profileSteps(governance, current: after).isEmpty else {
                return nil
            }
            let enforced = ValidationTest(name: ValidationTestName.policiesEnforced, status: .passed, message:
                "only mapped users' groups and attributes changed: \(steps.count) profile row(s) rewritten, views and grants unchanged")
            // The data sources' tests stand; what they said was made "just now" was made before.
            var tests = prior.map { test -> ValidationTest in
                if test.name == enforced.name { return enforced }
                var kept = test
                kept.message = test.message.map { $0.replacingOccurrences(of: Self.justNow, with: "") }
                return kept
            }
            if !tests.contains(where: { $0.name == enforced.name }) { tests.append(enforced) }
            if let line = StepSummary.line("applied", steps) {
                logger.info("\(line)", metadata: ["steward.integration": "\(input.integrationName)", "steward.steps": "\(steps.count)"])
            }
            return BootstrapOutcome(result: .converged(stepsRun: steps), validationResults: ValidationResults(validationTests: tests), dialect: kind)
        } catch {
            logger.info("a profile-only edit could not be applied alone; applying the whole spec",
                        metadata: ["steward.integration": "\(input.integrationName)", "error": "\(error)"])
            return nil
        }
    }
}
