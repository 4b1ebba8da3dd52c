import StewardSpec

/// The answer to `POST`, `PUT` and `DELETE /integrations...`: `{id, status, validationResults}`.
public struct ChangeResponse: Encodable, Sendable {
    public var id: String
    public var status: IntegrationStatus
    public var validationResults: ValidationResults
}
