import Foundation
import StewardSpec

/// `GET /integrations/{id}/status`: where an integration stands, without its configuration.
public struct StatusView: Encodable, Sendable {
    public var id: String
    public var name: String
    public var status: IntegrationStatus
    public var validationResults: ValidationResults?
    public var lastError: String?
    public var attempts: Int
    public var nextAttemptAt: Date?
    public var updatedAt: Date

    /// The status fields of the full view.
    public init(_ view: IntegrationView) {
        (id, name, status, validationResults) = (view.id, view.name, view.status, view.validationResults)
        (lastError, attempts, nextAttemptAt, updatedAt) = (view.lastError, view.attempts, view.nextAttemptAt, view.updatedAt)
    }
}
