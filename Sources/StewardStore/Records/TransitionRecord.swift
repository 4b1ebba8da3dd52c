import Foundation
import GRDB
import StewardSpec

/// One change of status (table `transition`). Written only by the store, in the transaction
/// that changes the status, so the history has exactly one row per change.
public struct TransitionRecord: Sendable, Hashable, Identifiable, Codable {
    public let id: Int64
    public let integrationId: Int64
    /// nil for the first row of an integration.
    public let fromStatus: IntegrationStatus?
    public let toStatus: IntegrationStatus
    public let reason: TransitionReason
    /// Human text: what happened and, for errors, what to do.
    public let message: String?
    public let at: Date

    public init(
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
    public static let databaseTableName = "transition"

    /// The table's columns, for GRDB queries.
    public enum Columns {
        public static let id = Column(CodingKeys.id)
        public static let integrationId = Column(CodingKeys.integrationId)
    }
}
