import GRDB

extension EncodableRecord where Self: TableRecord {
    /// Inserts every column but `id`, so that SQLite assigns the next `AUTOINCREMENT` id, and
    /// returns that id.
    ///
    /// The record types keep `id` non-optional, because every record the store hands out has
    /// one; the `id` they carry before insertion is ignored here.
    func insertAssigningID(_ db: Database) throws -> Int64 {
        var values = try databaseDictionary
        values.removeValue(forKey: "id")
        let columns = values.keys.sorted()
        let table = Self.databaseTableName.quotedDatabaseIdentifier
        let names = columns.map(\.quotedDatabaseIdentifier).joined(separator: ", ")
        try db.execute(
            sql: "INSERT INTO \(table) (\(names)) VALUES (\(databaseQuestionMarks(count: columns.count)))",
            arguments: StatementArguments(columns.map { values[$0] ?? .null }))
        return db.lastInsertedRowID
    }
}
