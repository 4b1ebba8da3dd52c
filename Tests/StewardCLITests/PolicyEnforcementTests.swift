import Foundation
import StewardSpec
import StewardTestSupport
import StewardWarehouse
import Testing

/// Policies enforced by the warehouse for real logins: a PostgreSQL database holding a table
/// with PII and regional rows, three mapped users and an admin, and the views Steward builds.
@Suite struct PolicyEnforcementTests {
    struct World {
        let server: TestPostgres.Server
        let dir: TemporaryDirectory
        let name: String
        let database: String
        let state: String
        let password = "Login-Pw-12345"

        init() async throws {
            server = try await TestPostgres.shared.start()
            dir = try TemporaryDirectory()
            name = TestNames.unique("gov")
            database = "db_\(name)"
            state = dir.file("state")
            try await Catalog.execute(server, "CREATE DATABASE \"\(database)\"")
            for statement in [
                #"CREATE TABLE public.customers (id integer, name text, email text, region text, amount numeric(10, 2), "x""; DROP TABLE customers; --" text)"#,
                "INSERT INTO public.customers VALUES (1, 'Ann', 'ann@example.eu', 'EU', 10.49, 'h1'), (2, 'Ben', 'ben@example.eu', 'EU', 20.51, 'h2'), "
                    + "(3, 'Cid', 'cid@example.us', 'US', 30.25, 'h3')",
                "CREATE TABLE public.orders (id integer, customer integer, total integer)",
                "INSERT INTO public.orders VALUES (1, 1, 100), (2, 3, 300)",
            ] {
                try await Catalog.execute(server, statement, database: database)
            }
            for user in ["alice", "bob", "carol", "dave", "erin"] {
                try await Catalog.execute(server, "CREATE ROLE \"\(user)_\(name)\" LOGIN PASSWORD '\(password)'")
            }
        }

        func user(_ short: String) -> String { "\(short)_\(name)" }
        var role: String { "imp_\(name)" }

        /// The spec: single-database mode, two data sources, four users, four policies.
        func spec(aliceRegion: String = "EU", emailMethod: String = "method: hash", withOrders: Bool = true) -> String {
            """
            type: Redshift
            autoBootstrap: true
            config:
              host: \(server.host)
              port: \(server.port)
              database: \(database)
              existingDatabase: true
              initialDatabase: postgres
              username: \(server.superuser)
              password: "\(server.password.unredacted)"
              sslMode: disable
              impersonation: {enabled: true, role: \(role)}
            dataSources:
              - name: customers
                table: public.customers
                schema: governed
                columns: {email: [pii]}
            \(withOrders ? "  - {name: orders, table: public.orders, schema: governed}" : "")
            users:
              - {name: alice, warehouseUser: \(user("alice")), groups: [analysts], attributes: {region: [\(aliceRegion)]}}
              - {name: bob, warehouseUser: \(user("bob")), groups: [analysts], attributes: {region: [US]}}
              - {name: carol, warehouseUser: \(user("carol")), groups: [visitors]}
              - {name: dave, warehouseUser: \(user("dave")), groups: [admins]}
            policies:
              - {name: analysts read, subscription: {groups: [analysts, admins]}}
              - {name: mask pii, dataSources: [customers], masking: {tags: [pii], \(emailMethod), exceptGroups: [admins]}}
              - {name: round amounts, dataSources: [customers], masking: {columns: [amount], method: round, digits: 0, exceptGroups: [admins]}}
              - {name: own region, dataSources: [customers], rowFilter: {column: region, matchesAttribute: region, exceptGroups: [admins]}}
            """
        }

        func apply(_ text: String) throws -> (view: [String: Any], stderr: String) {
            let file = try dir.write("\(name).yaml", text)
            let result = try Subprocess.steward(["apply", file, "--state-dir", state, "--log-level", "info"])
            let view = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stderr)")
            return (view, result.stderr)
        }

        func query(as short: String, _ sql: String) async throws -> QueryResult {
            let connection = try await PGConnection.connect(server.parameters(database: database).with(user: user(short), password: Secret(password)))
            defer { connection.close() }
            return try await connection.query(sql)
        }

        func oid(_ view: String) async throws -> String? {
            try await Catalog.query(server, "SELECT CAST(to_regclass($1) AS oid) AS oid", [view], database: database).value("oid")
        }

        func cleanup() async {
            _ = try? await Catalog.execute(server, "DROP DATABASE IF EXISTS \"\(database)\" WITH (FORCE)")
            for user in ["alice", "bob", "carol", "dave", "erin"] { _ = try? await Catalog.execute(server, "DROP ROLE IF EXISTS \"\(self.user(user))\"") }
            _ = try? await Catalog.execute(server, "DROP ROLE IF EXISTS \"\(role)\"")
            _ = try? await Catalog.execute(server, "DROP ROLE IF EXISTS \"steward_\(name)\"")
            dir.remove()
        }
    }

    static let customers = "SELECT id, email, region, amount FROM governed.customers ORDER BY id"

    @Test func eachLoginSeesExactlyWhatItsPoliciesAllow() async throws {
        let world = try await World()
        let applied = try world.apply(world.spec())
        #expect(applied.view["status"] as? String == "enabled", "\(applied.view["lastError"] ?? applied.stderr)")
        let tests = (applied.view["validationResults"] as? [String: Any])?["validationTests"] as? [[String: Any]] ?? []
        let customers = tests.first { $0["name"] as? String == "Verify: Data Source customers" }
        #expect(customers?["status"] as? String == "passed")
        #expect((customers?["message"] as? String)?.hasPrefix("view governed.customers is in place and current") == true)
        #expect((customers?["message"] as? String)?.hasSuffix("(created or replaced just now)") == true, "\(customers ?? [:])")

        // alice: EU rows, hashed email, rounded amounts.
        let alice = try await world.query(as: "alice", Self.customers)
        #expect(alice.rows.map { $0[0] } == ["1", "2"])
        #expect(alice.rows.map { $0[2] } == ["EU", "EU"])
        #expect(alice.rows.allSatisfy { ($0[1] ?? "").count == 64 && !($0[1] ?? "").contains("@") }, "email is a SHA-256: \(alice.rows)")
        #expect(alice.rows.map { $0[3] } == ["10", "21"])
        // bob: US rows only.
        #expect(try await world.query(as: "bob", Self.customers).rows.map { $0[0] } == ["3"])
        // carol is not subscribed: nothing.
        #expect(try await world.query(as: "carol", Self.customers).rows.isEmpty)
        // dave (admins): everything, unmasked.
        let dave = try await world.query(as: "dave", Self.customers)
        #expect(dave.rows.map { $0[1] } == ["ann@example.eu", "ben@example.eu", "cid@example.us"])
        // The hostile column name is just a column.
        #expect(try await world.query(as: "dave", #"SELECT "x""; DROP TABLE customers; --" AS x FROM governed.customers ORDER BY id"#).rows.map { $0[0] } == ["h1", "h2", "h3"])
        // Raw tables stay closed.
        await #expect(throws: WarehouseError.self) { try await world.query(as: "alice", "SELECT * FROM public.customers") }
        await world.cleanup()
    }

    @Test func editsDoTheLeastWork() async throws {
        let world = try await World()
        #expect(try world.apply(world.spec()).view["status"] as? String == "enabled")
        let customersOID = try await world.oid("governed.customers")
        let ordersOID = try await world.oid("governed.orders")
        #expect(customersOID != nil && ordersOID != nil)

        // A user's attribute: `steward plan` shows one profile UPDATE, no DDL; apply runs just
        // that, and the next query sees other rows.
        let planned = try Subprocess.steward(["plan", try world.dir.write("\(world.name).yaml", world.spec(aliceRegion: "US")), "--state-dir", world.state])
        let plannedSteps = planned.stdout.split(separator: "\n").filter { $0.hasPrefix("-- ") && $0.contains("[in ") }
        #expect(plannedSteps.count == 1 && plannedSteps.first?.contains("Update attribute region of") == true, "\(planned.stdout)\(planned.stderr)")
        let moved = try world.apply(world.spec(aliceRegion: "US"))
        #expect(moved.view["status"] as? String == "enabled")
        let summaries = moved.stderr.split(separator: "\n").filter { $0.contains("applied ") && $0.contains(" step") }
        #expect(summaries.count == 1 && summaries.first?.contains("applied 1 step: Update attribute region of") == true, "\(summaries)")
        #expect(try await world.oid("governed.customers") == customersOID, "no view was re-created")
        #expect(try await world.query(as: "alice", Self.customers).rows.map { $0[0] } == ["3"])
        // Only profile rows changed: written alone, without re-planning the data sources; the
        // data sources' tests of the last full apply stand.
        let movedTests = (moved.view["validationResults"] as? [String: Any])?["validationTests"] as? [[String: Any]] ?? []
        let enforced = movedTests.first { $0["name"] as? String == "Verify: Policies Enforced" }
        #expect((enforced?["message"] as? String)?.hasPrefix("only mapped users' groups and attributes changed: 1 profile row") == true, "\(movedTests)")
        let customers = movedTests.first { $0["name"] as? String == "Verify: Data Source customers" }
        #expect(customers?["status"] as? String == "passed")
        #expect((customers?["message"] as? String)?.contains("just now") == false, "nothing was created this time: \(customers ?? [:])")

        // A masking policy of customers: that view only.
        let masked = try world.apply(world.spec(aliceRegion: "US", emailMethod: "method: constant, constant: hidden"))
        #expect(masked.view["status"] as? String == "enabled")
        #expect(try await world.oid("governed.customers") != customersOID)
        #expect(try await world.oid("governed.orders") == ordersOID, "a view the policy does not cover stays")
        #expect(try await world.query(as: "alice", Self.customers).rows.map { $0[1] } == ["hidden"])

        // A removed data source: its view goes.
        #expect(try world.apply(world.spec(aliceRegion: "US", emailMethod: "method: constant, constant: hidden", withOrders: false)).view["status"] as? String == "enabled")
        #expect(try await world.oid("governed.orders") == nil)
        await world.cleanup()
    }

    @Test func driftIsRepairedAtTheNextReconcile() async throws {
        let world = try await World()
        #expect(try world.apply(world.spec()).view["status"] as? String == "enabled")
        // A view replaced by hand, a view dropped, a grant on a raw table.
        try await Catalog.execute(world.server, "DROP VIEW governed.customers", database: world.database)
        try await Catalog.execute(world.server, "CREATE VIEW governed.customers AS SELECT * FROM public.customers", database: world.database)
        try await Catalog.execute(world.server, "DROP VIEW governed.orders", database: world.database)
        try await Catalog.execute(world.server, "GRANT SELECT ON public.customers TO \"\(world.user("carol"))\"", database: world.database)
        let repaired = try world.apply(world.spec())
        #expect(repaired.view["status"] as? String == "enabled")
        #expect(repaired.stderr.contains("changed outside Steward"), "\(repaired.stderr)")
        #expect(repaired.stderr.contains("the view is missing"))
        #expect(repaired.stderr.contains("Revoke direct reads of public.customers"))
        #expect(try await world.query(as: "carol", Self.customers).rows.isEmpty)
        await #expect(throws: WarehouseError.self) { try await world.query(as: "carol", "SELECT * FROM public.customers") }
        #expect(try await world.query(as: "alice", Self.customers).rows.count == 2)
        await world.cleanup()
    }

    /// A table PUBLIC could read before it became a data source: the system account's read
    /// came only through PUBLIC, so revoking PUBLIC's read (as enforcement must) once left every
    /// governed view over it unreadable while the status said `enabled`. The system account now
    /// gets its own grant first, and verification reads through the view.
    @Test func aTablePublicCouldReadIsGovernedAndReadableAfterTheFirstApply() async throws {
        let world = try await World()
        for table in ["customers", "orders"] {
            try await Catalog.execute(world.server, "GRANT SELECT ON public.\(table) TO PUBLIC", database: world.database)
        }
        let applied = try world.apply(world.spec())
        #expect(applied.view["status"] as? String == "enabled", "\(applied.view["lastError"] ?? applied.stderr)")
        let tests = (applied.view["validationResults"] as? [String: Any])?["validationTests"] as? [[String: Any]] ?? []
        let customers = tests.first { $0["name"] as? String == "Verify: Data Source customers" }
        #expect(customers?["status"] as? String == "passed")
        #expect((customers?["message"] as? String)?.contains("reads as its owner") == true)
        #expect(try await world.query(as: "alice", Self.customers).rows.map { $0[0] } == ["1", "2"])
        #expect(try await world.query(as: "dave", "SELECT total FROM governed.orders ORDER BY id").rows.map { $0[0] } == ["100", "300"])
        #expect(try await world.query(as: "carol", Self.customers).rows.isEmpty)
        await #expect(throws: WarehouseError.self) { try await world.query(as: "alice", "SELECT * FROM public.customers") }
        await world.cleanup()
    }

    /// The same hole opened later: the system account's own grant revoked while PUBLIC can read.
    /// The routine check sees it from the ACL (PUBLIC's read is not the system account's) and the
    /// repair grants before it revokes.
    @Test func aViewOwnerLeftWithOnlyPublicsReadIsRepaired() async throws {
        let world = try await World()
        #expect(try world.apply(world.spec()).view["status"] as? String == "enabled")
        let system = "steward_" + world.name.replacingOccurrences(of: "-", with: "_")
        try await Catalog.execute(world.server, "GRANT SELECT ON public.customers TO PUBLIC", database: world.database)
        try await Catalog.execute(world.server, "REVOKE SELECT ON public.customers FROM \"\(system)\"", database: world.database)
        let repaired = try world.apply(world.spec())
        #expect(repaired.view["status"] as? String == "enabled", "\(repaired.view["lastError"] ?? repaired.stderr)")
        #expect(repaired.stderr.contains("Let \(system) read public.customers"), "\(repaired.stderr)")
        #expect(try await world.query(as: "alice", Self.customers).rows.map { $0[0] } == ["1", "2"])
        await #expect(throws: WarehouseError.self) { try await world.query(as: "carol", "SELECT * FROM public.customers") }
        await world.cleanup()
    }

    @Test func impersonationWorksForRoleMembersOnly() async throws {
        let world = try await World()
        #expect(try world.apply(world.spec()).view["status"] as? String == "enabled")
        try await Catalog.execute(world.server, "GRANT \"\(world.role)\" TO \"\(world.user("erin"))\"")
        let connection = try await PGConnection.connect(world.server.parameters(database: world.database)
            .with(user: world.user("erin"), password: Secret(world.password)))
        defer { connection.close() }
        #expect(try await connection.query(Self.customers).rows.isEmpty, "erin is not mapped: nothing")
        try await connection.query("SELECT immuta_procedures.impersonate_user($1)", [world.user("bob")])
        #expect(try await connection.query(Self.customers).rows.map { $0[0] } == ["3"], "erin sees as bob")
        try await connection.query("SELECT immuta_procedures.impersonate_user(NULL)")
        #expect(try await connection.query(Self.customers).rows.isEmpty)

        // Not a member: refused, and a forged setting does nothing.
        let carol = try await PGConnection.connect(world.server.parameters(database: world.database)
            .with(user: world.user("carol"), password: Secret(world.password)))
        defer { carol.close() }
        await #expect(throws: WarehouseError.self) { try await carol.query("SELECT immuta_procedures.impersonate_user($1)", [world.user("dave")]) }
        try await carol.query("SELECT set_config('steward.impersonation', 'forged', false)")
        #expect(try await carol.query(Self.customers).rows.isEmpty)
        await world.cleanup()
    }

    /// Rows of sessions that impersonated someone and ended are removed by the next routine
    /// check; the row of a session still impersonating stays (and still works).
    @Test func impersonationRowsOfEndedSessionsAreCleanedUp() async throws {
        let world = try await World()
        #expect(try world.apply(world.spec()).view["status"] as? String == "enabled")
        try await Catalog.execute(world.server, "GRANT \"\(world.role)\" TO \"\(world.user("erin"))\"")
        func impersonating(_ target: String) async throws -> PGConnection {
            let connection = try await PGConnection.connect(world.server.parameters(database: world.database)
                .with(user: world.user("erin"), password: Secret(world.password)))
            try await connection.query("SELECT immuta_procedures.impersonate_user($1)", [world.user(target)])
            return connection
        }
        let ended = try await impersonating("bob")
        ended.close()
        let alive = try await impersonating("alice")
        defer { alive.close() }
        let rows = "SELECT target FROM immuta_system.steward_impersonation ORDER BY target"
        // The ended session's backend may take a moment to leave pg_stat_activity.
        try await waitUntil {
            try await Catalog.query(world.server, "SELECT count(*) AS n FROM pg_stat_activity WHERE usename = $1",
                                    [world.user("erin")]).value("n") == "1"
        }
        #expect(try await Catalog.query(world.server, rows, database: world.database).rows.count == 2)

        #expect(try world.apply(world.spec()).view["status"] as? String == "enabled")
        #expect(try await Catalog.query(world.server, rows, database: world.database).rows.map { $0[0] } == [world.user("alice")])
        #expect(try await alive.query(Self.customers).rows.map { $0[0] } == ["1", "2"], "the live impersonation still works")
        await world.cleanup()
    }
}
