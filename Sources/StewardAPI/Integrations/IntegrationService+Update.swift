import Foundation
import StewardReconciler
import StewardSpec
import StewardStore

extension IntegrationService {
    /// `PUT /integrations/{id}`: replace the spec. 409 while a change is in progress.
    package func update(_ id: String, body data: Data) async throws(APIError) -> ChangeResponse {
        try requireLeader()
        let current = try await record(id)
        try requireEditable(current)
        let body = try SpecBody(data: data)
        if let problem = reconciler.forbiddenChange(current, body.spec) {
            throw APIError(.badRequest, problem)
        }
        let claim = try await resolveClaim(body.spec, name: current.name)
        try await checkHostIsFree(claim, name: current.name)
        let results = await InitialValidation(reconciler: reconciler).run(name: current.name, spec: body.spec)
        try requirePassed(results)

        let record = try await commits.run { () async throws(APIError) -> IntegrationRecord in
            try await checkHostIsFree(claim, name: current.name)
            let prepared = try prepare(body, name: current.name)
            let record: IntegrationRecord
            do {
                record = try await reconciler.admitChange(id: current.id, spec: prepared.spec, message: "changed through the HTTP API")
            } catch let refused as AdmissionRefused {
                throw Self.cannotEdit(current, refused.status)
            } catch {
                throw storeFailure(error)
            }
            do throws(APIError) {
                try write(prepared, name: current.name)
            } catch {
                // The old file stands: the reconciler applies it again and settles the status.
                Task { await daemon?.requestReconcile(current.name) }
                throw error
            }
            return record
        }
        logger.notice("\(record.name): spec changed through the HTTP API", metadata: [
            "steward.integration": "\(record.name)", "steward.integration_id": "\(record.displayID)", "steward.event": "api-update",
        ])
        return ChangeResponse(id: record.displayID, status: record.status, validationResults: results)
    }

    /// 409 for an integration that is changing already, or gone.
    func requireEditable(_ record: IntegrationRecord) throws(APIError) {
        if record.status.isInProgress || !record.isActive {
            throw Self.cannotEdit(record, record.status)
        }
    }

    static func cannotEdit(_ record: IntegrationRecord, _ status: IntegrationStatus) -> APIError {
        APIError(.conflict, "Unable to edit integration with ID \(record.displayID) in current state \(status.rawValue).")
    }
}
