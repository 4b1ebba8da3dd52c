import StewardSpec
import StewardStore

extension IntegrationService {
    /// `GET /integrations/{id}/access[?user=NAME][&dataSource=NAME]`: what each mapped user (or
    /// one) may see through each data source, and which policy decides, from the spec last
    /// applied (before the first apply, the spec as last read). The same answer as `steward access`.
    package func access(_ id: String, user: String?, dataSource: String?) async throws(APIError) -> AccessReport {
        let record = try await record(id)
        guard let governance = record.recordedGovernance else {
            throw APIError(.conflict, "integration \(record.name) has no readable spec recorded (status \(record.status.rawValue)); fix its spec and apply it")
        }
        do {
            return try AccessReport.make(integration: record.name, governance: governance, user: user, dataSource: dataSource)
        } catch {
            throw APIError(.badRequest, error.description)
        }
    }
}
