import Foundation
import Logging
import StewardSpec
import StewardTestSupport
import StewardWarehouse
import Testing

/// A managed database left invalid by a DROP DATABASE the server crashed in the middle of
/// (PostgreSQL 15.4+: `datconnlimit = -2`, no connections, only DROP). The fault suite's
/// PostgreSQL-crash test found deletions retrying forever against one. Here the state is made
/// the way PostgreSQL makes it, by setting the catalog flag.
@Suite struct InvalidDatabaseTests {
    let bootstrapper = Bootstrapper(logger: Logger(label: "test"))

    func createInvalidated(_ server: TestPostgres.Server, name: String, uid: String) async throws -> (IntegrationSpec, String) {
        let database = "db_\(name)"
        let spec = TestSpecs.automatic(server, database: database)
        let password = PasswordGenerator().generate()
        let created = await bootstrapper.apply(BootstrapTests.input(spec, name: name, password: password, uid: uid, privileged: server.password),
                                               journal: NoJournal())
        #expect(created.succeeded, "\(created.errorMessage ?? "")")
        try await Catalog.execute(server, "UPDATE pg_database SET datconnlimit = -2 WHERE datname = '\(database)'")
        await #expect(throws: WarehouseError.self) { try await PGConnection.connect(server.parameters(database: database)) }
        return (spec, password)
    }

    @Test func deletionDropsAnInvalidDatabaseItOwns() async throws {
        let server = try await TestPostgres.shared.start()
        let name = TestNames.unique("inv_del")
        let uid = UUID().uuidString.lowercased()
        _ = try await createInvalidated(server, name: name, uid: uid)
        let owned: Set<ManagedObject> = [ManagedObject(kind: .database, name: "db_\(name)"), ManagedObject(kind: .user, name: "steward_\(name)")]
        let outcome = await bootstrapper.delete(DeletionInput(
            integrationUID: uid, integrationName: name, privileged: server.parameters(), database: "db_\(name)",
            systemUser: "steward_\(name)", roles: [], ownedObjects: owned), journal: NoJournal())
        #expect(outcome.succeeded, "\(outcome.errorMessage ?? "")")
        #expect(try await !Catalog.databaseExists(server, "db_\(name)"))
        #expect(try await !Catalog.roleExists(server, "steward_\(name)"))
    }

    @Test func reCreationFinishesTheDropOfItsOwnInvalidDatabase() async throws {
        let server = try await TestPostgres.shared.start()
        let name = TestNames.unique("inv_new")
        let uid = UUID().uuidString.lowercased()
        let (spec, password) = try await createInvalidated(server, name: name, uid: uid)
        let owned: Set<ManagedObject> = [ManagedObject(kind: .database, name: "db_\(name)"), ManagedObject(kind: .user, name: "steward_\(name)")]
        let outcome = await bootstrapper.apply(
            BootstrapTests.input(spec, name: name, password: password, isNew: false, owned: owned, uid: uid, privileged: server.password),
            journal: NoJournal())
        #expect(outcome.succeeded, "\(outcome.errorMessage ?? "")")
        let limit = try await Catalog.query(server, "SELECT datconnlimit FROM pg_database WHERE datname = $1", ["db_\(name)"])
        #expect(limit.value("datconnlimit") == "-1", "the database is valid again")
        try await Catalog.execute(server, "DROP DATABASE db_\(name) WITH (FORCE)")
        try await Catalog.execute(server, "DROP ROLE steward_\(name)")
    }

    @Test func anInvalidDatabaseItDoesNotOwnIsLeftAlone() async throws {
        let server = try await TestPostgres.shared.start()
        let name = TestNames.unique("inv_not")
        let uid = UUID().uuidString.lowercased()
        let (spec, password) = try await createInvalidated(server, name: name, uid: uid)
        // Another integration (another uid, nothing recorded) wanting the same database.
        let outcome = await bootstrapper.apply(
            BootstrapTests.input(spec, name: name, password: password, isNew: false, uid: UUID().uuidString.lowercased(), privileged: server.password),
            journal: NoJournal())
        #expect(!outcome.succeeded)
        #expect(try await Catalog.databaseExists(server, "db_\(name)"))
        try await Catalog.execute(server, "DROP DATABASE db_\(name)")
        try await Catalog.execute(server, "DROP ROLE steward_\(name)")
    }
}

/// A statement that a killed steward process left running (here: a long `pg_sleep` under the
/// integration's application name) is ended before the next process observes the catalog, so
/// it cannot commit behind that process's back. The fault suite's kill loop found a database
/// created by such a leftover `CREATE DATABASE` after its integration was deleted.
@Suite struct LeftoverSessionTests {
    @Test func aLeftoverSessionOfTheIntegrationIsEndedBeforeObserving() async throws {
        let server = try await TestPostgres.shared.start()
        let name = TestNames.unique("left")
        var leftoverParameters = server.parameters()
        leftoverParameters.applicationName = "steward/\(name)"
        let leftover = try await PGConnection.connect(leftoverParameters)
        defer { leftover.close() }
        let sleeping = Task { try await leftover.query("SELECT pg_sleep(60)") }
        // A bystander named plainly `steward` (the CLI, other tools) is not a leftover.
        let bystander = try await PGConnection.connect(server.parameters())
        defer { bystander.close() }
        try await Task.sleep(for: .milliseconds(300))

        let spec = TestSpecs.automatic(server, database: "db_\(name)")
        let outcome = await Bootstrapper(logger: Logger(label: "test")).apply(
            BootstrapTests.input(spec, name: name, password: PasswordGenerator().generate(), privileged: server.password), journal: NoJournal())
        #expect(outcome.succeeded, "\(outcome.errorMessage ?? "")")
        let ended: Result<QueryResult, any Error> = await sleeping.result
        #expect((try? ended.get()) == nil, "the leftover statement was ended")
        #expect(try await bystander.query("SELECT 1 AS one").value("one") == "1", "the bystander was left alone")
        let others = try await Catalog.query(server, "SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = $1", ["steward/\(name)"])
        #expect(others.value("n") == "0")
        try await Catalog.execute(server, "DROP DATABASE db_\(name) WITH (FORCE)")
        try await Catalog.execute(server, "DROP ROLE steward_\(name)")
    }
}
