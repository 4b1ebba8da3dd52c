import StewardSpec

/// The answer to `POST`, `PUT` and `DELETE /integrations...`: `{id, status, validationResults}`.
package struct ChangeResponse: Encodable, Sendable {
    package var id: String
    package var status: IntegrationStatus
    package var validationResults: ValidationResults
}
