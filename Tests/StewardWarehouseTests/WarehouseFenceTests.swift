import Foundation
import StewardTestSupport
import StewardWarehouse
import Synchronization
import Testing

/// `WarehouseFence`: a task whose permit says no sends nothing to the warehouse (no connect, no
/// statement, no pipeline), and one whose permit says yes is not slowed or changed.
@Suite struct WarehouseFenceTests {
    @Test func aRefusedPermitStopsEveryExchangeBeforeItIsSent() async throws {
        let server = try await TestPostgres.shared.start()
        let leading = Atomic<Bool>(true)
        let permit = WarehousePermit { leading.load(ordering: .relaxed) }
        try await WarehouseFence.$permit.withValue(permit) {
            let connection = try await PGConnection.connect(server.parameters())
            defer { connection.close() }
            let marker = "fence_\(UUID().uuidString.prefix(8).lowercased())"
            try await connection.query(SQLStatement("CREATE TABLE \(marker) (n integer)"))

            leading.store(false, ordering: .relaxed)
            let single = await #expect(throws: WarehouseError.self) {
                try await connection.query(SQLStatement("INSERT INTO \(marker) VALUES (1)"))
            }
            #expect(single?.kind == .notLeading)
            #expect(single?.isTransient == true)
            let piped = await #expect(throws: WarehouseError.self) {
                try await connection.pipeline([SQLStatement("INSERT INTO \(marker) VALUES (2)")])
            }
            #expect(piped?.kind == .notLeading)
            let opened = await #expect(throws: WarehouseError.self) { try await PGConnection.connect(server.parameters()) }
            #expect(opened?.kind == .notLeading)

            // Outside the permit's scope (another connection, no permit): the table is still empty.
            let count = try await WarehouseFence.$permit.withValue(nil) {
                let check = try await PGConnection.connect(server.parameters())
                defer { check.close() }
                return try await check.query(SQLStatement("SELECT count(*) AS n FROM \(marker)")).value("n")
            }
            #expect(count == "0")

            leading.store(true, ordering: .relaxed)
            try await connection.query(SQLStatement("INSERT INTO \(marker) VALUES (3)"))
            #expect(try await connection.query(SQLStatement("SELECT count(*) AS n FROM \(marker)")).value("n") == "1")
            try await connection.query(SQLStatement("DROP TABLE \(marker)"))
        }
    }
}
