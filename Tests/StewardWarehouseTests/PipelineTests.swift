import Foundation
import StewardTestSupport
import StewardWarehouse
import Testing

/// `PGConnection.pipeline` against a real PostgreSQL: many statements, one sync point, replies
/// in order; the first error stops the rest and is thrown as running them one by one would
/// throw it; a pipeline far larger than the socket buffers neither deadlocks nor loses a reply;
/// a connection killed mid-pipeline is an error, not a hang.
@Suite struct PipelineTests {
    @Test func repliesComeBackInOrderWithTheirRows() async throws {
        let server = try await TestPostgres.shared.start()
        let connection = try await PGConnection.connect(server.parameters())
        defer { connection.close() }
        let results = try await connection.pipeline([
            SQLStatement("SELECT $1::integer + 1 AS n", parameters: ["41"]),
            SQLStatement("CREATE TEMPORARY TABLE pipeline_rows (n integer)"),
            SQLStatement("INSERT INTO pipeline_rows VALUES ($1), ($2), (NULL)", parameters: ["1", "2"]),
            SQLStatement("SELECT n FROM pipeline_rows ORDER BY n NULLS LAST"),
        ])
        #expect(results.count == 4)
        #expect(results[0].value("n") == "42")
        #expect(results[1].rows.isEmpty && results[2].rows.isEmpty)
        #expect(results[3].rows == [["1"], ["2"], [nil]])
        // The connection is back to one statement at a time.
        #expect(try await connection.query("SELECT 7 AS n").value("n") == "7")
    }

    /// Without BEGIN the statements up to the sync point are one implicit transaction on
    /// PostgreSQL: they share a transaction id, which proves no sync point came between them,
    /// and an error rolls back the statements before it too.
    @Test func oneSyncPointAndTheFirstErrorStopsTheRest() async throws {
        let server = try await TestPostgres.shared.start()
        let connection = try await PGConnection.connect(server.parameters())
        defer { connection.close() }
        let ids = try await connection.pipeline((0..<5).map { _ in SQLStatement("SELECT pg_current_xact_id()::text AS id") })
        #expect(Set(ids.compactMap { $0.value("id") }).count == 1)

        let table = TestNames.unique("pipeline_stop")
        let failure = await #expect(throws: WarehouseError.self) {
            try await connection.pipeline([
                SQLStatement("CREATE TABLE public.\(table)_before (n integer)"),
                SQLStatement("SELECT 1 / $1::integer AS broken", parameters: ["0"]),
                SQLStatement("CREATE TABLE public.\(table)_after (n integer)"),
            ])
        }
        #expect(failure?.sqlState == "22012")
        #expect(failure?.kind == .statementFailed)
        #expect(failure?.statement == "SELECT 1 / $1::integer AS broken")
        let left = try await connection.query("SELECT count(*)::text AS n FROM pg_class WHERE relname LIKE $1", ["\(table)%"])
        #expect(left.value("n") == "0", "the statement before the error was rolled back and the one after never ran")
    }

    /// An explicit transaction, as `Bootstrapper.runInTransaction` sends it: after the error the
    /// transaction is aborted until ROLLBACK, and nothing of it remains.
    @Test func anExplicitTransactionIsAllOrNothing() async throws {
        let server = try await TestPostgres.shared.start()
        let connection = try await PGConnection.connect(server.parameters())
        defer { connection.close() }
        let table = TestNames.unique("pipeline_tx")
        let failure = await #expect(throws: WarehouseError.self) {
            try await connection.pipeline([
                SQLStatement("BEGIN"),
                SQLStatement("CREATE TABLE public.\(table) (n integer)"),
                SQLStatement("CREATE TABLE public.\(table) (n integer)"),
                SQLStatement("COMMIT"),
            ])
        }
        #expect(failure?.sqlState == "42P07")
        try await connection.query("ROLLBACK")
        #expect(try await connection.query("SELECT to_regclass($1)::text AS t", ["public.\(table)"]).value("t") == nil)
    }

    /// 20,000 statements of 1 kB whose replies are 300 bytes each: about 20 MB out and 6 MB back,
    /// far more than both socket buffers, so a client that sent everything before reading would
    /// wait forever on a server waiting for it. Small windows run the same path in steps.
    @Test(arguments: [4096, 7, 1])
    func aPipelineLargerThanTheSocketBuffersCompletes(window: Int) async throws {
        let server = try await TestPostgres.shared.start()
        let connection = try await PGConnection.connect(server.parameters())
        defer { connection.close() }
        let count = window == 4096 ? 20_000 : 500
        let padding = "/* " + String(repeating: "p", count: 1000) + " */"
        let statements = (0..<count).map {
            SQLStatement("SELECT $1::integer AS n, repeat('r', 300) AS r \(padding)", parameters: ["\($0)"])
        }
        let results = try await connection.pipeline(statements, window: window)
        #expect(results.count == count)
        #expect(results.enumerated().allSatisfy { $0.element.value("n") == "\($0.offset)" && $0.element.value("r")?.count == 300 })
    }

    @Test func aConnectionKilledMidPipelineIsAnErrorNotAHang() async throws {
        let server = try await TestPostgres.shared.start()
        let connection = try await PGConnection.connect(server.parameters())
        defer { connection.close() }
        let pid = try #require(try await connection.query("SELECT pg_backend_pid()::text AS pid").value("pid"))
        let killer = Task {
            try await Task.sleep(for: .milliseconds(300))
            try await Catalog.execute(server, "SELECT pg_terminate_backend(\(pid))")
        }
        let failure = await #expect(throws: WarehouseError.self) {
            try await connection.pipeline([SQLStatement("SELECT 1"), SQLStatement("SELECT pg_sleep(30)"), SQLStatement("SELECT 2")])
        }
        try await killer.value
        #expect(failure?.kind == .connectionFailed)
        #expect(failure?.isTransient == true)
    }

    /// The trace sees a pipeline as one exchange carrying every statement, and a query as one.
    @Test func theTraceCountsAPipelineAsOneRoundTrip() async throws {
        let server = try await TestPostgres.shared.start()
        let trace = PGTrace()
        try await PGTrace.$current.withValue(trace) {
            let connection = try await PGConnection.connect(server.parameters())
            defer { connection.close() }
            try await connection.pipeline((0..<10).map { SQLStatement("SELECT \($0)") })
            try await connection.query("SELECT 10")
        }
        #expect(trace.connections == ["postgres"])
        #expect(trace.exchanges.map(\.statements.count) == [10, 1])
    }
}
