import GRDB

/// A warehouse object Steward made, or is about to make, for an integration (table `ownedObject`).
///
/// The intent is recorded before the object is created. After a crash between the two, the
/// `intended` row is how Steward recognises a half-made object as its own.
package struct OwnedObject: Sendable, Hashable, Codable {
    package enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case database, user, role
    }

    package enum State: String, Sendable, Hashable, Codable, CaseIterable {
        /// About to be created; it may or may not exist.
        case intended
        /// Created and confirmed.
        case created
    }

    package let integrationId: Int64
    package let kind: Kind
    package let name: String
    package var state: State

    package init(integrationId: Int64, kind: Kind, name: String, state: State) {
        self.integrationId = integrationId
        self.kind = kind
        self.name = name
        self.state = state
    }
}

extension OwnedObject: FetchableRecord, PersistableRecord {
    package static let databaseTableName = "ownedObject"

    /// The table's columns, for GRDB queries.
    package enum Columns {
        package static let integrationId = Column(CodingKeys.integrationId)
        package static let kind = Column(CodingKeys.kind)
        package static let name = Column(CodingKeys.name)
    }
}
