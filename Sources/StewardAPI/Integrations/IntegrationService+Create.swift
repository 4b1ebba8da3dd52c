import Foundation
import StewardReconciler
import StewardSpec
import StewardStore

extension IntegrationService {
    /// `POST /integrations`: validate, run the initial validation tests, record the integration
    /// as `creating`, write its spec file. The daemon does the rest.
    package func create(body data: Data, requestedName: String?) async throws(APIError) -> ChangeResponse {
        try requireLeader()
        let body = try SpecBody(data: data)
        let name = try IntegrationNaming.name(for: body.spec, requested: requestedName)
        let claim = try await resolveClaim(body.spec, name: name)
        try await checkNameIsFree(name, claim)
        try await checkHostIsFree(claim, name: name)
        let results = await InitialValidation(reconciler: reconciler).run(name: name, spec: body.spec)
        try requirePassed(results)

        let record = try await commits.run { () async throws(APIError) -> IntegrationRecord in
            try await checkNameIsFree(name, claim)
            try await checkHostIsFree(claim, name: name)
            let prepared = try prepare(body, name: name)
            let record: IntegrationRecord
            do {
                record = try await reconciler.admitNew(name: name, spec: prepared.spec, message: "created through the HTTP API")
                try await store.update(id: record.id) { $0.validationResults = results }
            } catch {
                throw storeFailure(error)
            }
            do throws(APIError) {
                try write(prepared, name: name)
            } catch {
                // Nothing was written: the reconciler finds no file and closes the record.
                Task { await daemon?.requestReconcile(name) }
                throw error
            }
            return record
        }
        logger.notice("\(name): spec written through the HTTP API", metadata: [
            "steward.integration": "\(name)", "steward.integration_id": "\(record.displayID)", "steward.event": "api-create",
        ])
        return ChangeResponse(id: record.displayID, status: record.status, validationResults: results)
    }

    /// 409 when the name is taken by an active integration or by a file the daemon has not seen yet.
    func checkNameIsFree(_ name: String, _ claim: HostClaim) async throws(APIError) {
        let existing: IntegrationRecord?
        do {
            existing = try await store.record(named: name)
        } catch {
            throw storeFailure(error)
        }
        if let existing, existing.isActive {
            if claim.isHeld(by: existing) { throw APIError(.conflict, claim.conflictMessage(existing)) }
            throw APIError(.conflict, "an integration named \(name) already exists (id = \(existing.displayID)); choose another ?name=")
        }
        if case .missing = try? folder.locate(name) { return }
        throw APIError(.conflict, "the spec folder already has a file for integration \(name); choose another ?name=, "
            + "or wait for the daemon to record it and use PUT /integrations/{id}")
    }
}
