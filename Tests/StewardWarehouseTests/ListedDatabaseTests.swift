import StewardTestSupport
import StewardWarehouse
import Testing

/// A database that vanishes between the catalog listing and the connection (a DROP DATABASE
/// still committing, from a deletion whose process was killed) is a transient error, retried,
/// not the permanent "correct the spec" of a database a spec names wrongly. The fault suite's
/// kill loop found this: a deletion killed mid-DROP ended in a deleteError that never cleared.
@Suite struct ListedDatabaseTests {
    @Test func aVanishedDatabaseIsTransientWhereAMissingOneIsPermanent() async throws {
        let server = try await TestPostgres.shared.start()
        let parameters = server.parameters(database: TestNames.unique("gone"))

        let plain = await #expect(throws: WarehouseError.self) { try await PGConnection.connect(parameters) }
        #expect(plain?.kind == .databaseNotFound)
        #expect(plain?.isTransient == false)

        let listed = await #expect(throws: WarehouseError.self) { try await PGConnection.connect(listedDatabase: parameters) }
        #expect(listed?.kind == .connectionFailed)
        #expect(listed?.isTransient == true)
        #expect(listed?.description.contains("vanished") == true)
        #expect(listed?.sqlState == "3D000")
    }
}
