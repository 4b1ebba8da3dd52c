extension PGConnection {
    /// Connects to a database the catalog listed a moment ago.
    ///
    /// A database can vanish between the listing and the connection: a `DROP DATABASE` still
    /// committing (sent by a steward process that died before it could record the deletion, or
    /// run by hand). libpq then says the database does not exist, which for a database named in
    /// a spec is normally permanent ("correct the spec"); here it is a race, so it is reported as
    /// a transient error and the retry observes the catalog again and sees the database gone.
    package static func connect(listedDatabase parameters: ConnectionParameters) async throws -> PGConnection {
        do {
            return try await connect(parameters)
        } catch let error as WarehouseError where error.kind == .databaseNotFound {
            throw WarehouseError(
                kind: .connectionFailed, sqlState: error.sqlState,
                message: "database \(parameters.database) was listed on \(parameters.host):\(parameters.port) but vanished before "
                    + "steward could connect (a DROP DATABASE in progress)",
                fix: "nothing to do if a deletion is under way; steward retries and observes the server again")
        }
    }
}
