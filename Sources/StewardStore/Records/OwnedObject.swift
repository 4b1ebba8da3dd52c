import GRDB

/// A warehouse object Steward made, or is about to make, for an integration (table `ownedObject`).
///
/// The intent is recorded before the object is created. After a crash between the two, the
/// `intended` row is how Steward recognises a half-made object as its own.
public struct OwnedObject: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case database, user, role
    }

    public enum State: String, Sendable, Hashable, Codable, CaseIterable {
        /// About to be created; it may or may not exist.
        case intended
        /// Created and confirmed.
        case created
    }

    public let integrationId: Int64
    public let kind: Kind
    public let name: String
    public var state: State

    public init(integrationId: Int64, kind: Kind, name: String, state: State) {
        self.integrationId = integrationId
        self.kind = kind
        self.name = name
        self.state = state
    }
}

extension OwnedObject: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "ownedObject"

    /// The table's columns, for GRDB queries.
    public enum Columns {
        public static let integrationId = Column(CodingKeys.integrationId)
        public static let kind = Column(CodingKeys.kind)
        public static let name = Column(CodingKeys.name)
    }
}
