import Foundation
import StewardStore
import StewardTestSupport
import StewardWarehouse
import Testing

/// Manual setup for real: the PostgreSQL-dialect scripts run with `psql`, then `steward apply`
/// checks the result as the system account, without any privileged DDL of its own.
@Suite struct ManualSetupTests {
    struct Setup {
        let server: TestPostgres.Server
        let dir: TemporaryDirectory
        let name: String
        let database: String
        let account: String
        let state: String

        init(_ prefix: String) async throws {
            server = try await TestPostgres.shared.start()
            dir = try TemporaryDirectory()
            name = TestNames.unique(prefix)
            database = "db_\(name)"
            account = "sys_\(name)"
            state = dir.file("state")
        }

        /// The seed's manual userPassword body, pointed at the local server.
        func writeSpec(role: String? = "imp_\(String(UUID().uuidString.prefix(8)).lowercased())") throws -> String {
            let impersonation = role.map { #"{"enabled": true, "role": "\#($0)"}"# } ?? #"{"enabled": false}"#
            return try dir.write("\(name).json", """
                {"type": "Redshift", "autoBootstrap": false, "config": {
                  "host": "\(server.host)", "port": \(server.port), "database": "\(database)", "initialDatabase": "postgres",
                  "impersonation": \(impersonation), "authenticationType": "userPassword",
                  "username": "\(account)", "password": "Manual-\(name)-Pw1", "sslMode": "disable"}}
                """)
        }

        func script(_ arguments: [String]) throws -> String {
            let result = try Subprocess.steward(["script"] + arguments + ["--dialect", "postgresql"])
            #expect(result.status == 0, "steward script \(arguments): \(result.stderr)")
            return try dir.write("\(arguments[0])-\(UUID().uuidString).sql", result.stdout)
        }

        func psql(_ file: String, in database: String) throws {
            let result = try Psql.run(file: file, server: server, database: database)
            #expect(result.status == 0, "psql \(file): \(result.stderr)")
        }

        func apply(_ spec: String) throws -> [String: Any] {
            let result = try Subprocess.steward(["apply", spec, "--state-dir", state])
            return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "stderr: \(result.stderr)")
        }

        func tests(_ view: [String: Any]) -> [String: [String: Any]] {
            let list = (view["validationResults"] as? [String: Any])?["validationTests"] as? [[String: Any]] ?? []
            return Dictionary(list.map { ($0["name"] as? String ?? "", $0) }, uniquingKeysWith: { first, _ in first })
        }

        func cleanup() async {
            _ = try? await Catalog.execute(server, "DROP DATABASE IF EXISTS \"\(database)\" WITH (FORCE)")
            _ = try? await Catalog.execute(server, "DROP ROLE IF EXISTS \"\(account)\"")
            dir.remove()
        }
    }

    @Test func scriptsRunWithPsqlThenApplyIsEnabledAndRerunsAreHarmless() async throws {
        let setup = try await Setup("manual")
        defer { Task { await setup.cleanup() } }
        let spec = try setup.writeSpec()
        let initial = try setup.script(["initial-create", spec])
        let create = try setup.script(["create", spec])
        #expect(!(try String(contentsOfFile: initial, encoding: .utf8)).contains("Manual-\(setup.name)-Pw1"), "the password never appears, only a verifier")
        for _ in 0..<2 {
            try setup.psql(initial, in: "postgres")
            try setup.psql(create, in: setup.database)
        }
        let view = try setup.apply(spec)
        #expect(view["status"] as? String == "enabled", "\(view)")
        let tests = setup.tests(view)
        #expect(tests["Validate Manual Setup: Server Objects"]?["status"] as? String == "passed")
        #expect(tests["Validate Manual Setup: Managed Database Objects"]?["status"] as? String == "passed")
        // Nothing was created by steward: the schemas belong to the account the script made.
        let owners = try await Catalog.query(setup.server, "SELECT DISTINCT pg_get_userbyid(nspowner) AS owner FROM pg_namespace WHERE nspname LIKE 'immuta_%'", database: setup.database)
        #expect(owners.rows.count == 1 && owners.value("owner") == setup.account)
    }

    @Test func aSkippedStatementIsNamedWithTheScriptThatAddsIt() async throws {
        let setup = try await Setup("manskip")
        defer { Task { await setup.cleanup() } }
        let spec = try setup.writeSpec()
        try setup.psql(try setup.script(["initial-create", spec]), in: "postgres")
        let create = try setup.script(["create", spec])
        let full = try String(contentsOfFile: create, encoding: .utf8)
        let skipped = full.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { $0 != "GRANT USAGE ON SCHEMA \"immuta_functions\" TO PUBLIC;" }.joined(separator: "\n")
        #expect(skipped != full)
        try setup.psql(try setup.dir.write("skipped.sql", skipped), in: setup.database)

        let view = try setup.apply(spec)
        #expect(view["status"] as? String == "createError")
        let failed = setup.tests(view)["Validate Manual Setup: Managed Database Objects"]
        #expect(failed?["status"] as? String == "failed")
        let message = failed?["message"] as? String ?? ""
        #expect(message.contains("Grant PUBLIC usage on schema immuta_functions"), "\(message)")
        #expect(message.contains("steward script create"), "\(message)")
        #expect(!message.contains("immuta_system"), "only what is missing is listed: \(message)")

        // Running the full script now fixes it.
        try setup.psql(create, in: setup.database)
        #expect(try setup.apply(spec)["status"] as? String == "enabled")
    }

    @Test func withoutTheScriptsTheLoginFailureSaysWhichScriptsToRun() async throws {
        let setup = try await Setup("mannone")
        defer { Task { await setup.cleanup() } }
        let view = try setup.apply(try setup.writeSpec())
        #expect(view["status"] as? String == "createError")
        let message = setup.tests(view)["Initial Validation: Basic Connection Test"]?["message"] as? String ?? ""
        #expect(message.contains("steward script initial-create"), "\(message)")
        #expect(!(try await Catalog.databaseExists(setup.server, setup.database)), "a manual spec never creates anything")
    }

    @Test func editAndDeleteScriptsMoveTheWarehouse() async throws {
        let setup = try await Setup("manedit")
        defer { Task { await setup.cleanup() } }
        let spec = try setup.writeSpec(role: "old_\(setup.name)")
        try setup.psql(try setup.script(["initial-create", spec]), in: "postgres")
        try setup.psql(try setup.script(["create", spec]), in: setup.database)
        #expect(try setup.apply(spec)["status"] as? String == "enabled")

        // Rename the impersonation role: the daemon alone cannot, and says which script does.
        _ = try setup.writeSpec(role: "new_\(setup.name)")
        let pending = try setup.apply(spec)
        #expect(pending["status"] as? String == "editError")
        #expect((pending["lastError"] as? String ?? "\(pending)").contains("steward script edit"))
        let edit = try Subprocess.steward(["script", "edit", setup.name, spec, "--dialect", "postgresql", "--state-dir", setup.state])
        #expect(edit.status == 0, "\(edit.stderr)")
        try setup.psql(try setup.dir.write("edit.sql", edit.stdout), in: "postgres")
        #expect(try setup.apply(spec)["status"] as? String == "enabled")
        #expect(try await Catalog.roleExists(setup.server, "new_\(setup.name)"))
        #expect(!(try await Catalog.roleExists(setup.server, "old_\(setup.name)")))
        let admin = try await Catalog.query(setup.server, """
            SELECT m.admin_option FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid JOIN pg_roles u ON u.oid = m.member
            WHERE r.rolname = $1 AND u.rolname = $2
            """, ["new_\(setup.name)", setup.account])
        #expect(admin.value("admin_option") == "t")

        // Delete: the file goes, steward drops nothing, the delete script removes it all.
        try FileManager.default.removeItem(atPath: spec)
        let delete = try Subprocess.steward(["script", "delete", setup.name, "--dialect", "postgresql", "--state-dir", setup.state])
        #expect(delete.status == 0, "\(delete.stderr)")
        try setup.psql(try setup.dir.write("delete.sql", delete.stdout), in: "postgres")
        #expect(!(try await Catalog.databaseExists(setup.server, setup.database)))
        #expect(!(try await Catalog.roleExists(setup.server, setup.account)))
        #expect(!(try await Catalog.roleExists(setup.server, "new_\(setup.name)")))
    }

    @Test func cleanupAfterAFailedCreationLeavesNothing() async throws {
        let setup = try await Setup("manclean")
        defer { Task { await setup.cleanup() } }
        let role = "imp_\(setup.name)"
        let spec = try setup.writeSpec(role: role)
        // The creation failed after the first script (the second never ran).
        try setup.psql(try setup.script(["initial-create", spec]), in: "postgres")
        #expect(try await Catalog.databaseExists(setup.server, setup.database))
        let cleanup = try setup.script(["cleanup", spec])
        try setup.psql(cleanup, in: "postgres")
        #expect(!(try await Catalog.databaseExists(setup.server, setup.database)))
        #expect(!(try await Catalog.roleExists(setup.server, setup.account)))
        #expect(!(try await Catalog.roleExists(setup.server, role)))
        // And again on nothing: every statement is conditional on PostgreSQL.
        try setup.psql(cleanup, in: "postgres")
    }

    /// Policies on a manual setup: the scripts grant the system account the source table, and
    /// Steward, as that account, builds the views (no privileged DDL of its own).
    @Test func manualSetupEnforcesPoliciesInAnExistingDatabase() async throws {
        let setup = try await Setup("manpol")
        defer { Task { await setup.cleanup() } }
        try await Catalog.execute(setup.server, "CREATE DATABASE \"\(setup.database)\"")
        try await Catalog.execute(setup.server, "CREATE TABLE public.items (id integer, secret text)", database: setup.database)
        try await Catalog.execute(setup.server, "INSERT INTO public.items VALUES (1, 'x')", database: setup.database)
        let spec = try setup.dir.write("\(setup.name).yaml", """
            type: Redshift
            autoBootstrap: false
            config: {host: \(setup.server.host), port: \(setup.server.port), database: \(setup.database), existingDatabase: true,
                     initialDatabase: postgres, username: \(setup.account), password: Manual-\(setup.name)-Pw1, sslMode: disable}
            dataSources: [{name: items, table: public.items, schema: governed, columns: {secret: [pii]}}]
            users: [{name: reader, warehouseUser: \(setup.server.superuser), groups: [g]}]
            policies:
              - {name: read, subscription: {groups: [g]}}
              - {name: mask, masking: {tags: [pii], method: constant, constant: hidden}}
            """)
        let initial = try setup.script(["initial-create", spec])
        #expect(!(try String(contentsOfFile: initial, encoding: .utf8)).contains("CREATE DATABASE"), "the database exists already")
        try setup.psql(initial, in: "postgres")
        let create = try setup.script(["create", spec])
        #expect((try String(contentsOfFile: create, encoding: .utf8)).contains("GRANT SELECT ON \"public\".\"items\" TO \"\(setup.account)\""))
        try setup.psql(create, in: setup.database)
        let view = try setup.apply(spec)
        #expect(view["status"] as? String == "enabled", "\(view["lastError"] ?? view)")
        let rows = try await Catalog.query(setup.server, "SELECT secret FROM governed.items", database: setup.database)
        #expect(rows.value("secret") == "hidden")
    }

    /// The scripts, run by hand, leave the warehouse as the automatic path does (names aside).
    @Test func manualAndAutomaticSetupsProduceTheSameState() async throws {
        let setup = try await Setup("mansame")
        defer { Task { await setup.cleanup() } }
        let manualRole = "imp_\(setup.name)"
        let spec = try setup.writeSpec(role: manualRole)
        try setup.psql(try setup.script(["initial-create", spec]), in: "postgres")
        try setup.psql(try setup.script(["create", spec]), in: setup.database)
        #expect(try setup.apply(spec)["status"] as? String == "enabled")

        let automaticName = TestNames.unique("autosame")
        let automaticDatabase = "db_\(automaticName)"
        let automaticRole = "imp_\(automaticName)"
        let automaticSpec = try setup.dir.write("\(automaticName).json", ApplyCommandTests.seedSpec(
            setup.server, database: automaticDatabase, password: setup.server.password.unredacted,
            extra: #", "impersonation": {"enabled": true, "role": "\#(automaticRole)"}"#))
        let automatic = try Subprocess.steward(["apply", automaticSpec, "--state-dir", setup.dir.file("state-auto")])
        #expect(automatic.status == 0, "\(automatic.stderr)")
        defer {
            let server = setup.server
            Task {
                _ = try? await Catalog.execute(server, "DROP DATABASE IF EXISTS \"\(automaticDatabase)\" WITH (FORCE)")
                _ = try? await Catalog.execute(server, "DROP ROLE IF EXISTS \"\(automaticRole)\"")
                _ = try? await Catalog.execute(server, "DROP ROLE IF EXISTS \"steward_\(automaticName)\"")
            }
        }

        let manualState = try await Self.snapshot(setup.server, database: setup.database, account: setup.account, role: manualRole)
        let automaticState = try await Self.snapshot(setup.server, database: automaticDatabase, account: "steward_\(automaticName)", role: automaticRole)
        #expect(manualState == automaticState)
        #expect(manualState.count >= 7, "the snapshot covers the database, schemas, marker and role: \(manualState)")
    }

    /// The catalog facts that matter, with the integration's own names replaced by placeholders.
    static func snapshot(_ server: TestPostgres.Server, database: String, account: String, role: String) async throws -> [String] {
        func normalise(_ text: String?) -> String {
            (text ?? "NULL").replacingOccurrences(of: "\"\(account)\"", with: "SYS").replacingOccurrences(of: account, with: "SYS")
                .replacingOccurrences(of: role, with: "ROLE").replacingOccurrences(of: database, with: "DB")
        }
        var facts: [String] = []
        let db = try await Catalog.query(server, "SELECT datacl::text AS acl, pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = $1", [database])
        facts.append("database acl \(normalise(db.value("acl")))")
        let schemas = try await Catalog.query(server, """
            SELECT nspname, pg_get_userbyid(nspowner) AS owner, nspacl::text AS acl FROM pg_namespace
            WHERE nspname LIKE 'immuta_%' ORDER BY nspname
            """, database: database)
        for index in 0..<schemas.rows.count {
            facts.append("schema \(schemas.value("nspname", row: index) ?? "") owner \(normalise(schemas.value("owner", row: index))) acl \(normalise(schemas.value("acl", row: index)))")
        }
        let marker = try await Catalog.query(server, """
            SELECT relacl::text AS acl, (SELECT count(*) FROM immuta_system.steward_marker) AS rows FROM pg_class
            WHERE oid = 'immuta_system.steward_marker'::regclass
            """, database: database)
        facts.append("marker acl \(normalise(marker.value("acl"))) rows \(marker.value("rows") ?? "")")
        let membership = try await Catalog.query(server, """
            SELECT r.rolname AS role, u.rolname AS member, m.admin_option FROM pg_auth_members m
            JOIN pg_roles r ON r.oid = m.roleid JOIN pg_roles u ON u.oid = m.member
            WHERE r.rolname IN ($1, $2) OR u.rolname IN ($1, $2) ORDER BY 1, 2
            """, [account, role])
        for index in 0..<membership.rows.count {
            facts.append("member \(normalise(membership.value("member", row: index))) of \(normalise(membership.value("role", row: index))) admin \(membership.value("admin_option", row: index) ?? "")")
        }
        let login = try await Catalog.query(server, "SELECT rolcanlogin, rolsuper, rolcreatedb, rolcreaterole FROM pg_roles WHERE rolname = $1", [account])
        facts.append("account login \(login.value("rolcanlogin") ?? "") super \(login.value("rolsuper") ?? "") createdb \(login.value("rolcreatedb") ?? "") createrole \(login.value("rolcreaterole") ?? "")")
        return facts
    }
}
