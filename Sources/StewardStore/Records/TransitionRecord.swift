import Foundation
import GRDB
import StewardSpec

/// One change of status (table `transition`). Written only by the store, in the transaction
/// that changes the status, so the history has exactly one row per change.
package struct TransitionRecord: Sendable, Hashable, Identifiable, Codable {
    package let id: Int64
    package let integrationId: Int64
    /// nil for the first row of an integration.
    package let fromStatus: IntegrationStatus?
    package let toStatus: IntegrationStatus
    package let reason: TransitionReason
    /// Human text: what happened and, for errors, what to do.
    package let message: String?
    package let at: Date

    package init(
        id: Int64, integrationId: Int64, fromStatus: IntegrationStatus?, toStatus: IntegrationStatus,
        reason: TransitionReason, message: String?, at: Date
    ) {
        self.id = id
        self.integrationId = integrationId
        self.fromStatus = fromStatus
        self.toStatus = toStatus
        self.reason = reason
        self.message = message
        self.at = at
    }
}

extension TransitionRecord: FetchableRecord, PersistableRecord {
    package static let databaseTableName = "transition"

    /// The table's columns, for GRDB queries.
    package enum Columns {
        package static let id = Column(CodingKeys.id)
        package static let integrationId = Column(CodingKeys.integrationId)
    }
}
