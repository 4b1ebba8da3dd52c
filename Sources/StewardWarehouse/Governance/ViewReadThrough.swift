import StewardSpec

/// Proves that each governed view answers a query as its owner, the system account.
///
/// A view that exists and is current can still be unreadable: its owner needs its own SELECT on
/// the source table (views are checked with their owner's privileges), and a grant it only had
/// through PUBLIC is gone once PUBLIC's direct read is revoked. So "Verify: Data Source NAME"
/// and the routine check read through every view: `SELECT * FROM view LIMIT 0` runs the
/// engine's permission checks on the view and everything under it without reading a row
/// (PostgreSQL and Redshift check privileges when the query starts, whatever the LIMIT).
///
/// The views are read in chunks of `chunkSize`, one query per chunk (`UNION ALL`), every chunk
/// in one round trip (`PGConnection.readAll`); only a chunk that fails is read view by view,
/// again in one round trip, to name the views that fail and why.
package enum ViewReadThrough {
    /// Views per query: large enough that 2,000 data sources cost 10 round trips.
    package static let chunkSize = 200

    package struct Failure: Sendable, Hashable {
        package var dataSource: String
        package var view: String
        package var message: String
    }

    /// The data sources whose view the connected account cannot read, with the server's reason.
    package static func unreadable(_ connection: PGConnection, dataSources: [DataSource]) async throws -> [Failure] {
        let chunks = chunks(dataSources)
        var failures: [Failure] = []
        for (chunk, answer) in zip(chunks, try await connection.readAll(try reads(chunks: chunks))) {
            guard case .failure(let error) = answer else { continue }
            if error.isTransient { throw error }
            for (source, view) in zip(chunk, try await connection.readAll(try viewReads(chunk))) {
                guard case .failure(let error) = view else { continue }
                if error.isTransient { throw error }
                failures.append(Failure(dataSource: source.name, view: "\(source.schema).\(source.view)", message: error.message))
            }
        }
        return failures
    }

    /// The queries `unreadable` sends when every view reads (one per chunk), for a caller that
    /// sends them ahead (`PGConnection.readAhead`).
    package static func reads(_ dataSources: [DataSource]) throws -> [SQLStatement] {
        try reads(chunks: chunks(dataSources))
    }

    /// One query per chunk.
    static func reads(chunks: [[DataSource]]) throws -> [SQLStatement] {
        try chunks.map { SQLStatement(try query($0)) }
    }

    /// `dataSources` in chunks of `chunkSize`, in order.
    static func chunks(_ dataSources: [DataSource]) -> [[DataSource]] {
        stride(from: 0, to: dataSources.count, by: chunkSize).map { Array(dataSources[$0..<min($0 + chunkSize, dataSources.count)]) }
    }

    /// One read per view of `chunk`, to name those that fail.
    package static func viewReads(_ chunk: [DataSource]) throws -> [SQLStatement] {
        try chunk.map { SQLStatement(try read($0)) }
    }

    /// The query that reads through `sources` at once (one chunk): a `UNION ALL` of `read`.
    package static func query(_ sources: [DataSource]) throws -> String {
        try sources.map(read).joined(separator: " UNION ALL ")
    }

    /// `SELECT 1 FROM (SELECT * FROM "schema"."view" LIMIT 0) AS v`: one branch of the union.
    package static func read(_ source: DataSource) throws -> String {
        let view = "\(try SQLIdentifier(source.schema).quoted).\(try SQLIdentifier(source.view).quoted)"
        return "SELECT 1 FROM (SELECT * FROM \(view) LIMIT 0) AS v"
    }

    /// The message for `Verify: Data Source NAME` when its view cannot be read.
    package static func message(_ failure: Failure, systemUser: String) -> String {
        "view \(failure.view) cannot be read as its owner \(systemUser): \(failure.message). "
            + "The system account needs its own SELECT on the source table (a grant through PUBLIC or a role does not count "
            + "once direct reads are revoked): for automatic setups steward grants it on the next apply; for manual setups "
            + "run the grants of `steward script create` again"
    }
}
