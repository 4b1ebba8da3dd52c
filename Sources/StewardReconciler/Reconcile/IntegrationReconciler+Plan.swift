import Foundation
import StewardSpec
import StewardStore
import StewardWarehouse

/// What `steward plan` prints: the steps the daemon would run now, or why it cannot tell.
package struct PlanPreview: Sendable {
    package var name: String
    package var steps: [Step]
    package var validationResults: ValidationResults
    package var error: String?
}

extension IntegrationReconciler {
    /// The steps a reconcile of this spec would run now against the live warehouse, without
    /// running them and without writing anything (no record, no secret file).
    package func plan(name: String, spec: IntegrationSpec) async -> PlanPreview {
        let record = try? await store.record(named: name)
        guard spec.autoBootstrap else {
            return PlanPreview(name: name, steps: [], validationResults: ValidationResults(validationTests: []), error:
                "autoBootstrap: false: steward runs no SQL of its own for a manual setup; `steward script initial-create|create|edit` "
                + "prints the SQL to run, and `steward apply FILE` checks the result")
        }
        let privileged: Secret
        let privilegedUser: String?
        switch await privilegedLogin(spec.config) {
        case .success(let user, let password, _):
            (privilegedUser, privileged) = (user, password)
        case .failure(let tests, _, let message):
            return PlanPreview(name: name, steps: [], validationResults: ValidationResults(validationTests: tests), error: message)
        }
        let uid = record?.isActive == true ? record?.uid ?? UUID() : UUID()
        var stored: Secret?
        if let record { stored = try? await secrets.read(uid: record.uid) }
        var owned: [OwnedObject] = []
        if let record { owned = (try? await store.ownedObjects(integrationId: record.id)) ?? [] }
        var input = BootstrapInput(
            integrationUID: uid.uuidString.lowercased(), integrationName: name, spec: spec, privilegedPassword: privileged,
            systemUser: record?.systemUser ?? SpecFileName.systemAccountName(forIntegration: name),
            systemUserPassword: stored ?? Secret(PasswordGenerator().generate()), systemUserPasswordIsNew: stored == nil,
            ownedObjects: Set(owned.map(\.managedObject)), previousRoles: owned.filter { $0.kind == .role }.map(\.name))
        input.privilegedUser = privilegedUser
        let outcome = await bootstrapper(for: name).apply(input, journal: NoJournal(), dryRun: true)
        switch outcome.result {
        case .planned(let plan):
            var steps = plan.steps
            // Enforcement runs as the system account: previewed when it can log in already.
            if stored != nil, let kind = outcome.dialect, let system = try? await PGConnection.connect(input.systemUserParameters) {
                defer { system.close() }
                do {
                    let bootstrapper = bootstrapper(for: name)
                    steps += try await bootstrapper.sourceGrantSteps(spec, systemUser: SQLIdentifier(input.systemUser), connection: system)
                    steps += try await bootstrapper.governanceSteps(spec, connection: system, dialect: kind)
                } catch {
                    return PlanPreview(name: name, steps: steps, validationResults: outcome.validationResults, error: "\(error)")
                }
            }
            return PlanPreview(name: name, steps: steps, validationResults: outcome.validationResults, error: nil)
        default:
            return PlanPreview(name: name, steps: [], validationResults: outcome.validationResults, error: outcome.errorMessage)
        }
    }
}
