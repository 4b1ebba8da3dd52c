import Foundation
import Logging
import StewardSpec
import StewardTestSupport
import StewardWarehouse
import Testing

/// Single-database mode (`existingDatabase: true`): the database and its tables are the
/// customer's; Steward adds and later removes only its schemas, views, grants and accounts.
@Suite struct SingleDatabaseTests {
    let bootstrapper = Bootstrapper(logger: Logger(label: "test"))

    @Test func createAndDeleteLeaveTheDatabaseAndItsTables() async throws {
        let server = try await TestPostgres.shared.start()
        let name = TestNames.unique("single")
        let database = "db_\(name)"
        try await Catalog.execute(server, "CREATE DATABASE \"\(database)\"")
        try await Catalog.execute(server, "CREATE TABLE public.t (id integer, secret text)", database: database)
        try await Catalog.execute(server, "INSERT INTO public.t VALUES (1, 'x')", database: database)
        let aclBefore = try await Catalog.query(server, "SELECT datacl::text AS acl FROM pg_database WHERE datname = $1", [database]).value("acl")

        var spec = TestSpecs.automatic(server, database: database, impersonation: true, role: "imp_\(name)")
        spec.config.existingDatabase = true
        spec.governance = Governance(
            dataSources: [DataSource(name: "t", table: TableReference(schema: "public", table: "t"), schema: "governed", columns: ["secret": ["pii"]])],
            users: [MappedUser(name: "u_\(name)", groups: ["g"])],
            policies: [Policy(name: "read", subscription: .init(groups: ["g"])),
                       Policy(name: "mask", masking: .init(tags: ["pii"], method: .null))])
        let uid = UUID().uuidString.lowercased()
        let input = BootstrapInputs.make(spec, name: name, uid: uid, privileged: server.password)
        let outcome = await bootstrapper.apply(input, journal: NoJournal())
        #expect(outcome.succeeded, "\(outcome.errorMessage ?? "")")
        guard case .converged(let ran) = outcome.result else { return }
        let texts = ran.map(\.statement.text)
        #expect(!texts.contains { $0.hasPrefix("CREATE DATABASE") || $0.hasPrefix("REVOKE ALL PRIVILEGES ON DATABASE") },
                "the database is not Steward's: \(texts)")
        #expect(outcome.validationResults.validationTests.contains { $0.name == ValidationTestName.databaseExists && $0.status == .passed })
        #expect(try await !Catalog.query(server, "SELECT 1 FROM pg_views WHERE schemaname = 'governed' AND viewname = 't'", database: database).isEmpty)

        let deletion = DeletionInput(integrationUID: uid, integrationName: name, privileged: server.parameters(), database: database,
                                     systemUser: "steward_\(name)", roles: ["imp_\(name)"], ownedObjects: [])
        var single = deletion
        single.existingDatabase = true
        let deleted = await bootstrapper.delete(single, journal: NoJournal())
        #expect(deleted.succeeded, "\(deleted.errorMessage ?? "")")
        #expect(try await Catalog.databaseExists(server, database), "the database stays")
        #expect(try await Catalog.query(server, "SELECT secret FROM public.t", database: database).value("secret") == "x", "its table and rows stay")
        let left = try await Catalog.query(server, "SELECT nspname FROM pg_namespace WHERE nspname IN ('governed', 'immuta_system', 'immuta_functions', 'immuta_procedures')", database: database)
        #expect(left.rows.isEmpty, "Steward's schemas are gone: \(left.rows)")
        #expect(try await !Catalog.roleExists(server, "steward_\(name)"))
        #expect(try await !Catalog.roleExists(server, "imp_\(name)"))
        let aclAfter = try await Catalog.query(server, "SELECT datacl::text AS acl FROM pg_database WHERE datname = $1", [database]).value("acl")
        #expect(aclAfter?.contains("steward_\(name)") != true, "the system account holds no privilege on the database any more: \(aclAfter ?? "default")")
        #expect(aclBefore == nil)
        try await Catalog.execute(server, "DROP DATABASE \"\(database)\" WITH (FORCE)")
    }
}

enum BootstrapInputs {
    static func make(_ spec: IntegrationSpec, name: String, uid: String, privileged: Secret) -> BootstrapInput {
        BootstrapInput(integrationUID: uid, integrationName: name, spec: spec, privilegedPassword: privileged,
                       systemUser: "steward_\(name)", systemUserPassword: Secret(PasswordGenerator().generate()), systemUserPasswordIsNew: true,
                       ownedObjects: [], previousRoles: [])
    }
}
