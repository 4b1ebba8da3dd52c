import GRDB

/// A key and a text value about the store itself, such as the time of the last resync (table `meta`).
struct MetaEntry: Sendable, Hashable, Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "meta"

    var key: String
    var value: String
}
