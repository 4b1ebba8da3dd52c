import GRDB
import StewardSpec
@testable import StewardStore
import StewardTestSupport

/// A store that `StoreBackend.open(clock:)` made for one test, and the database under it, for
/// what a test does behind the store's back.
struct StoreUnderTest {
    let store: any StatusStoring
    private let underneath: Underneath

    /// Where the rows are, to reach them without the store.
    private enum Underneath {
        /// The SQLite store itself (its pool) and the directory that holds its file.
        case sqlite(StatusStore, TemporaryDirectory)
        case postgresql(SharedDatabase)
    }

    init(sqlite store: StatusStore, in directory: TemporaryDirectory) {
        self.store = store
        underneath = .sqlite(store, directory)
    }

    init(postgresql store: SharedStatusStore, in database: SharedDatabase) {
        self.store = store
        underneath = .postgresql(database)
    }

    /// Puts the record in `status` behind the store's back (as no API of it would).
    func force(id: Int64, to status: IntegrationStatus) async throws {
        switch underneath {
        case .sqlite(let store, _):
            try await store.pool.write { db in
                try db.execute(sql: "UPDATE integration SET status = ? WHERE id = ?", arguments: [status.rawValue, id])
            }
        case .postgresql(let database):
            try await database.query("UPDATE steward_integration SET status = $1 WHERE id = $2", [status.rawValue, String(id)])
        }
    }

    /// How many transition rows the database holds, of every integration, counted behind the store's back.
    func transitionRowCount() async throws -> Int {
        switch underneath {
        case .sqlite(let store, _):
            return try await store.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM \"transition\"") ?? 0 }
        case .postgresql(let database):
            let rows = try await database.query("SELECT count(*) FROM steward_transition").rows
            guard let text = rows.first?.first ?? nil, let count = Int(text) else { throw TestSupportError("no count in \(rows)") }
            return count
        }
    }
}
