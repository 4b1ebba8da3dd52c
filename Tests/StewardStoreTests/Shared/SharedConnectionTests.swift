import Foundation
import StewardSpec
import StewardStore
import StewardTestSupport
import StewardWarehouse
import Testing

/// An unreachable database is `.unreachable`, named without its password; a lost connection is
/// replaced at the next call (reads once more at once, writes never).
@Suite struct SharedConnectionTests {
    @Test func aDatabaseNobodyServesIsUnreachable() async throws {
        let database = try await SharedDatabase.make()
        var parameters = database.parameters
        parameters.port = try TestPostgres.freePortForTests()
        parameters.connectTimeout = 2
        let error = await #expect(throws: StoreError.self) {
            try await SharedStatusStore.open(parameters: parameters, stateDirectory: database.stateDirectory, writer: nil)
        }
        #expect(error?.code == .unreachable)
        #expect(error?.message.contains("\(parameters.host):\(parameters.port)") == true)
        #expect(error?.message.contains(database.name) == true)
        #expect(error?.message.contains("pg_isready") == true || error?.message.contains("check") == true)
    }

    @Test func aWrongPasswordIsNeverPrinted() async throws {
        let database = try await SharedDatabase.make()
        let password = "Wrong-\(UUID().uuidString)"
        let parameters = database.parameters.with(user: database.server.superuser, password: Secret(password))
        let error = await #expect(throws: StoreError.self) {
            try await SharedStatusStore.open(parameters: parameters, stateDirectory: database.stateDirectory, writer: nil)
        }
        #expect(error?.code == .unreachable)
        #expect(error.map { "\($0)" }?.contains(password) == false)
        #expect(error?.localizedDescription.contains(password) == false)
        #expect(error?.message.contains(database.server.password.unredacted) == false)
    }

    @Test func aLostConnectionIsReplaced() async throws {
        let database = try await SharedDatabase.make()
        let (store, _) = try await database.openAsLeader(leaseSeconds: 600)
        let record = try await store.create(.sample())
        try await Self.terminateSessions(of: database)

        // A read is tried again on a new connection.
        #expect(try await store.record(id: record.id) == record)

        try await Self.terminateSessions(of: database)
        // A write is not: its caller decides; the next one reconnects.
        let error = await #expect(throws: StoreError.self) { try await store.update(id: record.id) { $0.lastError = "maybe" } }
        #expect(error?.code == .unreachable)
        #expect(error?.message.contains("may or may not have been recorded") == true)
        #expect(try await store.update(id: record.id) { $0.lastError = "recorded" }.lastError == "recorded")
        #expect(try await store.leases.current().holder == "leader-a")
    }

    /// Ends every session of the store's database but this one, as a server restart would.
    static func terminateSessions(of database: SharedDatabase) async throws {
        try await database.query("""
            SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()
            """, [database.name])
        try await waitUntil(timeout: .seconds(30)) {
            try await database.query("""
                SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()
                """, [database.name]).isEmpty
        }
    }
}
