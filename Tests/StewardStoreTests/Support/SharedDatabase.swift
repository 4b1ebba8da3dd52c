import Foundation
import StewardSpec
import StewardStore
import StewardTestSupport
import StewardWarehouse

/// A fresh PostgreSQL database on the shared test server for one test, and a local state
/// directory beside it, so that tests are independent and run in parallel.
struct SharedDatabase: Sendable {
    let server: TestPostgres.Server
    let name: String
    let stateDirectory: URL

    /// Creates the database (empty: the first store opened migrates it).
    static func make() async throws -> SharedDatabase {
        let server = try await TestPostgres.shared.start()
        let name = TestNames.unique("shared")
        try await Catalog.execute(server, "CREATE DATABASE \"\(name)\"")
        let stateDirectory = FileManager.default.temporaryDirectory
            .appending(path: "steward-shared-tests-\(name)", directoryHint: .isDirectory)
        return SharedDatabase(server: server, name: name, stateDirectory: stateDirectory)
    }

    var parameters: ConnectionParameters { server.parameters(database: name) }

    /// A store on this database.
    func open(writer: StoreWriter?, clock: TestClock = TestClock(), poolSize: Int = SharedStatusStore.defaultPoolSize) async throws -> SharedStatusStore {
        try await SharedStatusStore.open(parameters: parameters, stateDirectory: stateDirectory, writer: writer,
                                         poolSize: poolSize, now: { clock.now() })
    }

    /// A store whose writer is `holder`, which has just taken a lease of `leaseSeconds`.
    func openAsLeader(holder: String = "leader-a", leaseSeconds: Double = 600, clock: TestClock = TestClock()) async throws -> (SharedStatusStore, Lease) {
        let reader = try await open(writer: nil)
        let lease = try await reader.leases.acquire(holder: holder, leaseSeconds: leaseSeconds)
        guard let term = lease.writerTerm(for: holder) else { throw TestSupportError("\(holder) did not get the lease: \(lease)") }
        return (try await open(writer: StoreWriter(holder: term.holder, term: term.term), clock: clock), lease)
    }

    /// Runs `sql` as the superuser in this database, behind the store's back.
    @discardableResult
    func query(_ sql: String, _ params: [String?] = []) async throws -> QueryResult {
        try await Catalog.query(server, sql, params, database: name)
    }

    /// Every row of the store's tables but the lease's, as text: to show that a refused write
    /// changed nothing.
    func snapshot() async throws -> [String: [[String?]]] {
        var tables: [String: [[String?]]] = [:]
        for (table, order) in [("steward_integration", "id"), ("steward_transition", "id"),
                               ("steward_owned_object", "integration_id, kind, name"), ("steward_meta", "key"),
                               ("steward_secret", "key")] {
            tables[table] = try await query("SELECT * FROM \(table) ORDER BY \(order)").rows
        }
        return tables
    }

    /// Ends the lease now, behind the store's back (its expiry set a second into the past by the
    /// database's clock): what a lease that ran out looks like, without waiting for one, so that
    /// no test depends on how fast a busy machine gets from one step to the next.
    func expireLease() async throws {
        try await query("UPDATE steward_leader SET expires_at = now() - interval '1 second' WHERE id = 1")
    }
}
