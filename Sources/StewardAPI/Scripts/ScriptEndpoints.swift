import Foundation
import StewardReconciler
import StewardWarehouse

/// The script endpoints: the same SQL as `steward script`, through `ManualScripts`. They never
/// resolve a file or credential reference: the bodies carry none (`CallerReferences`), and the
/// scripts' resolver refuses them anyway (`SecretResolver.inlineOnly`).
struct ScriptEndpoints: Sendable {
    let service: IntegrationService

    /// `scripts/initial-create`, `scripts/create`, `scripts/cleanup`: from the body's spec, for
    /// the integration name the `POST` will use (`?name=` or derived from the body).
    func fromSpec(_ kind: SetupScriptKind, body data: Data, requestedName: String?, dialect: DialectKind) throws(APIError) -> ScriptResponse {
        let body = try SpecBody(data: data)
        let name = try IntegrationNaming.name(for: body.spec, requested: requestedName)
        let scripts = ManualScripts(dialect: dialect, resolver: .inlineOnly)
        let script: SetupScript
        do {
            switch kind {
            case .initialCreate: script = try scripts.initialCreate(name: name, spec: body.spec, source: "request body")
            case .create: script = try scripts.create(name: name, spec: body.spec, source: "request body")
            default: script = try scripts.cleanup(name: name, spec: body.spec, source: "request body")
            }
        } catch {
            throw Self.apiError(error)
        }
        return try Self.response(script, name: name)
    }

    /// `{id}/scripts/edit` (with the edited spec as the body) and `{id}/scripts/delete`.
    func fromRecord(_ kind: SetupScriptKind, id: String, body data: Data, dialect: DialectKind) async throws(APIError) -> ScriptResponse {
        let record = try await service.record(id)
        let scripts = ManualScripts(dialect: dialect, resolver: .inlineOnly)
        let script: SetupScript
        do {
            if kind == .edit {
                script = try scripts.edit(record: record, spec: try SpecBody(data: data).spec, source: "request body")
            } else {
                script = try scripts.delete(record: record)
            }
        } catch let error as ScriptError {
            throw Self.apiError(error)
        } catch let error as APIError {
            throw error
        } catch {
            throw APIError(.internalServerError, "\(error)")
        }
        return try Self.response(script, name: record.name)
    }

    static func response(_ script: SetupScript, name: String) throws(APIError) -> ScriptResponse {
        do {
            return ScriptResponse(name: name, type: script.kind, dialect: script.dialect, script: try script.render())
        } catch {
            throw APIError(.badRequest, "cannot write the script: \(error)")
        }
    }

    static func apiError(_ error: ScriptError) -> APIError {
        let message = error.fix.map { "\(error.message) Fix: \($0)" } ?? error.message
        switch error.kind {
        case .invalidSpec, .notManual, .forbiddenChange, .cannotRender: return APIError(.badRequest, message)
        case .notFound: return APIError(.notFound, message)
        case .neverCreated: return APIError(.conflict, message)
        case .store: return APIError(.internalServerError, message)
        }
    }
}
