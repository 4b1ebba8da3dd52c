import Foundation
import StewardSpec

/// `GET /integrations/{id}/status`: where an integration stands, without its configuration.
package struct StatusView: Encodable, Sendable {
    package var id: String
    package var name: String
    package var status: IntegrationStatus
    package var validationResults: ValidationResults?
    package var lastError: String?
    package var attempts: Int
    package var nextAttemptAt: Date?
    package var updatedAt: Date

    /// The status fields of the full view.
    package init(_ view: IntegrationView) {
        (id, name, status, validationResults) = (view.id, view.name, view.status, view.validationResults)
        (lastError, attempts, nextAttemptAt, updatedAt) = (view.lastError, view.attempts, view.nextAttemptAt, view.updatedAt)
    }
}
