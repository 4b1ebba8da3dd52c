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
        let before = try await Self.snapshot(server, database)

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
        #expect(try await Self.snapshot(server, database) == before, "the catalog is as the database's owner left it")
        try await Catalog.execute(server, "DROP DATABASE \"\(database)\" WITH (FORCE)")
    }

    /// The Redshift dialect's single-database deletion, run for real on PostgreSQL (whose `DROP
    /// ROLE` refuses a role that owns an object or holds a privilege in the current database, as
    /// Redshift's `DROP USER` does): the footprint read from the catalog names everything the
    /// system account owns and holds — including views published in a source's own schema — so
    /// that once those statements ran the account can be dropped, and the catalog is as before.
    @Test func redshiftDeletionStatementsLeaveNothingBehind() async throws {
        let server = try await TestPostgres.shared.start()
        let name = TestNames.unique("footprint")
        let database = "db_\(name)"
        let systemUser = "steward_\(name)"
        try await Catalog.execute(server, "CREATE DATABASE \"\(database)\"")
        try await Catalog.execute(server, "CREATE SCHEMA sales", database: database)
        try await Catalog.execute(server, "CREATE TABLE sales.orders (id integer, total numeric)", database: database)
        try await Catalog.execute(server, "CREATE TABLE public.t (id integer, secret text)", database: database)
        try await Catalog.execute(server, "GRANT SELECT ON public.t TO PUBLIC", database: database)
        let before = try await Self.snapshot(server, database)

        var spec = TestSpecs.automatic(server, database: database, impersonation: true, role: "imp_\(name)")
        spec.config.existingDatabase = true
        spec.governance = Governance(
            dataSources: [DataSource(name: "t", table: TableReference(schema: "public", table: "t"), schema: "governed", columns: ["secret": ["pii"]]),
                          DataSource(name: "orders", table: TableReference(schema: "sales", table: "orders"), view: "orders_governed")],
            users: [MappedUser(name: "u_\(name)", groups: ["g"])],
            policies: [Policy(name: "read", subscription: .init(groups: ["g"])),
                       Policy(name: "mask", masking: .init(tags: ["pii"], method: .null))])
        let input = BootstrapInputs.make(spec, name: name, uid: UUID().uuidString.lowercased(), privileged: server.password)
        // Publishing in the owner's schema sales needs CREATE there, which only its owner can
        // give: the first apply says so, the owner grants it, the next apply converges.
        let first = await bootstrapper.apply(input, journal: NoJournal())
        #expect(first.errorMessage?.contains("permission denied for schema sales") == true, "\(first.errorMessage ?? "")")
        try await Catalog.execute(server, "GRANT CREATE ON SCHEMA sales TO \"\(systemUser)\"", database: database)
        let outcome = await bootstrapper.apply(input, journal: NoJournal())
        #expect(outcome.succeeded, "\(outcome.errorMessage ?? "")")
        // Steward revoked PUBLIC's direct read of public.t; the owner's grant is put back by hand
        // (Steward does not restore reads it took away: the owner decides who reads the table).
        try await Catalog.execute(server, "GRANT SELECT ON public.t TO PUBLIC", database: database)

        let connection = try await PGConnection.connect(server.parameters(database: database))
        let footprint = try await SystemUserFootprint.observe(connection, user: systemUser)
        connection.close()
        #expect(footprint.ownedRelations.contains(SystemUserFootprint.Relation(schema: try SQLIdentifier("sales"), name: try SQLIdentifier("orders_governed"), isView: true)),
                "a view published in a source's schema: \(footprint)")
        #expect(footprint.grantedRelations.filter { !ManagedSchemas.names.contains($0.schema.name) }.map(\.name.name).sorted() == ["orders", "t"],
                "the source tables: \(footprint)")
        #expect(footprint.grantedSchemas.map(\.name).sorted() == ["public", "sales"], "their schemas: \(footprint)")
        let statements = RedshiftDialect().dropEverythingOwned(by: try SQLIdentifier(systemUser), in: try SQLIdentifier(database), footprint: footprint)
        for statement in statements {
            try await Catalog.execute(server, statement.text, database: database)
        }
        try await Catalog.execute(server, "DROP ROLE \"imp_\(name)\"")
        try await Catalog.execute(server, "DROP ROLE \"\(systemUser)\"")
        #expect(try await Self.snapshot(server, database) == before, "the catalog is as the database's owner left it")
        try await Catalog.execute(server, "DROP DATABASE \"\(database)\" WITH (FORCE)")
    }

    /// Every schema, relation and function outside the system schemas with owner and effective
    /// ACL (a NULL ACL as the default it stands for), the database's ACL and default privileges.
    static func snapshot(_ server: TestPostgres.Server, _ database: String) async throws -> [String] {
        let sql = """
            SELECT 'schema ' || n.nspname || ' ' || pg_get_userbyid(n.nspowner) || ' ' || COALESCE(n.nspacl, acldefault('n', n.nspowner))::text AS line
            FROM pg_namespace n WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
            UNION ALL
            SELECT 'relation ' || n.nspname || '.' || c.relname || ' ' || c.relkind::text || ' ' || pg_get_userbyid(c.relowner) || ' '
              || COALESCE(c.relacl, acldefault('r', c.relowner))::text
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
            UNION ALL
            SELECT 'function ' || n.nspname || '.' || p.proname || ' ' || pg_get_userbyid(p.proowner)
            FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
            UNION ALL
            SELECT 'database ' || COALESCE(d.datacl, acldefault('d', d.datdba))::text FROM pg_database d WHERE d.datname = current_database()
            UNION ALL
            SELECT 'default acl ' || d.defaclrole::regrole::text || ' ' || d.defaclacl::text FROM pg_default_acl d
            ORDER BY 1
            """
        return try await Catalog.query(server, sql, database: database).rows.map { $0.first.flatMap { $0 } ?? "" }
    }
}

enum BootstrapInputs {
    static func make(_ spec: IntegrationSpec, name: String, uid: String, privileged: Secret) -> BootstrapInput {
        BootstrapInput(integrationUID: uid, integrationName: name, spec: spec, privilegedPassword: privileged,
                       systemUser: "steward_\(name)", systemUserPassword: Secret(PasswordGenerator().generate()), systemUserPasswordIsNew: true,
                       ownedObjects: [], previousRoles: [])
    }
}
