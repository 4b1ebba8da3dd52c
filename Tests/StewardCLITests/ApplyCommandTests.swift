import Foundation
import StewardStore
import StewardTestSupport
import Testing

/// `steward apply`, `get`, `list` and `validate` as a user runs them: a process, spec files in,
/// JSON out, SQLite and warehouse state checked independently.
@Suite struct ApplyCommandTests {
    /// The seed's username/password body, pointed at the local server.
    static func seedSpec(_ server: TestPostgres.Server, database: String, password: String, extra: String = "") -> String {
        """
        {
          "type": "Redshift",
          "autoBootstrap": true,
          "config": {
            "host": "\(server.host)",
            "port": \(server.port),
            "database": "\(database)",
            "initialDatabase": "postgres",
            "authenticationType": "userPassword",
            "username": "\(server.superuser)",
            "password": "\(password)",
            "sslMode": "disable"\(extra)
          }
        }
        """
    }

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func seedExampleBecomesEnabledAndGetShowsTheAPIShape() async throws {
        let server = try await TestPostgres.shared.start()
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let name = TestNames.unique("seed")
        let database = "db_\(name)"
        let spec = try dir.write("\(name).json", Self.seedSpec(server, database: database, password: server.password.unredacted))
        let state = dir.file("state")

        let applied = try Subprocess.steward(["apply", spec, "--state-dir", state, "--log-level", "info"])
        #expect(applied.status == 0, "stderr: \(applied.stderr)")
        // One summary line for the statements run (each one is at debug level).
        #expect(applied.stderr.contains("applied ") && !applied.stderr.contains("running step"), "\(applied.stderr)")
        let view = try json(applied.stdout)
        #expect(view["status"] as? String == "enabled")
        #expect(view["id"] is String)
        #expect(view["type"] as? String == "Redshift")
        #expect(view["autoBootstrap"] as? Bool == true)
        let config = try #require(view["config"] as? [String: Any])
        #expect(config["port"] as? Int == server.port)
        #expect(config["password"] as? String == "<REDACTED>")
        #expect(config["username"] as? String == "<REDACTED>")
        let results = try #require(view["validationResults"] as? [String: Any])
        #expect(results["status"] as? String == "passed")
        let tests = try #require(results["validationTests"] as? [[String: Any]])
        #expect(tests.first?["name"] as? String == "Initial Validation: Basic Connection Test")

        // Really there.
        #expect(try await Catalog.databaseExists(server, database))
        #expect(try await Catalog.roleExists(server, "steward_\(name)"))
        let schemas = try await Catalog.query(server, "SELECT count(*) AS n FROM pg_namespace WHERE nspname LIKE 'immuta_%'", database: database)
        #expect(schemas.value("n") == "3")

        // Idempotent: a second apply changes nothing and writes no transition.
        let store = try StatusStore(stateDirectory: URL(fileURLWithPath: state))
        let before = try await store.transitions(integrationId: Int64(try #require(view["id"] as? String)) ?? 0).count
        let again = try Subprocess.steward(["apply", spec, "--state-dir", state, "--log-level", "info"])
        #expect(again.status == 0, "stderr: \(again.stderr)")
        #expect(!again.stderr.contains("applied "), "the second apply ran steps: \(again.stderr)")
        #expect(try await store.transitions(integrationId: Int64(view["id"] as? String ?? "0") ?? 0).count == before)

        // get by name and id, list, table.
        let byName = try Subprocess.steward(["get", name, "--state-dir", state])
        #expect(try json(byName.stdout)["status"] as? String == "enabled")
        let byID = try Subprocess.steward(["get", view["id"] as? String ?? "", "--state-dir", state])
        #expect(try json(byID.stdout)["name"] as? String == name)
        let list = try Subprocess.steward(["list", "--state-dir", state])
        let all = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(all.count == 1)
        let table = try Subprocess.steward(["list", "--state-dir", state, "--output", "table"])
        #expect(table.stdout.contains("NAME"))
        #expect(table.stdout.contains(name))
        #expect(table.stdout.contains("enabled"))
        let missing = try Subprocess.steward(["get", "nope", "--state-dir", state])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("No Integration found with ID nope."))

        try await Catalog.execute(server, "DROP DATABASE \(database) WITH (FORCE)")
        try await Catalog.execute(server, "DROP ROLE steward_\(name)")
    }

    @Test func aCanaryPasswordNeverLeaves() async throws {
        let server = try await TestPostgres.shared.start()
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let name = TestNames.unique("canary")
        let canary = "Canary\(UUID().uuidString.replacingOccurrences(of: "-", with: ""))"
        try await Catalog.execute(server, "CREATE ROLE \(name)_admin LOGIN CREATEDB CREATEROLE PASSWORD '\(canary)'")
        var spec = Self.seedSpec(server, database: "db_\(name)", password: canary)
        spec = spec.replacingOccurrences(of: "\"username\": \"\(server.superuser)\"", with: "\"username\": \"\(name)_admin\"")
        let file = try dir.write("\(name).json", spec)
        let state = dir.file("state")

        let applied = try Subprocess.steward(["apply", file, "--state-dir", state, "--log-level", "trace"])
        #expect(applied.status == 0, "stderr: \(applied.stderr)")
        let get = try Subprocess.steward(["get", name, "--state-dir", state])
        let list = try Subprocess.steward(["list", "--state-dir", state, "-o", "table"])
        for output in [applied.stdout, applied.stderr, get.stdout, get.stderr, list.stdout] {
            #expect(!output.contains(canary))
        }
        // The generated system-account password is in its 0600 file and nowhere else.
        let secretFiles = try FileManager.default.contentsOfDirectory(atPath: state + "/secrets").filter { !$0.hasPrefix(".") }
        #expect(secretFiles.count == 1)
        let secretPath = state + "/secrets/" + (secretFiles.first ?? "")
        let attributes = try FileManager.default.attributesOfItem(atPath: secretPath)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let systemPassword = try #require(FileManager.default.contents(atPath: secretPath))
        let stateDir = TemporaryDirectory.existing(state)
        for (path, data) in stateDir.allFileContents(excluding: ["secrets"]) {
            #expect(data.range(of: Data(canary.utf8)) == nil, "canary found in \(path)")
            #expect(data.range(of: systemPassword) == nil, "system password found in \(path)")
        }
        for output in [applied.stdout, applied.stderr, get.stdout] {
            #expect(!output.contains(String(decoding: systemPassword, as: UTF8.self)))
        }
        try await Catalog.execute(server, "DROP DATABASE IF EXISTS db_\(name) WITH (FORCE)")
        try await Catalog.execute(server, "DROP ROLE IF EXISTS steward_\(name)")
        try await Catalog.execute(server, "DROP ROLE IF EXISTS \(name)_admin")
    }

    @Test func wrongPasswordEndsInCreateErrorWithAHelpfulMessage() async throws {
        let server = try await TestPostgres.shared.start()
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let name = TestNames.unique("wrong")
        let file = try dir.write("\(name).json", Self.seedSpec(server, database: "db_\(name)", password: "NotThePassword1"))
        let result = try Subprocess.steward(["apply", file, "--state-dir", dir.file("state")])
        #expect(result.status == 1)
        let view = try json(result.stdout)
        #expect(view["status"] as? String == "createError")
        let tests = try #require((view["validationResults"] as? [String: Any])?["validationTests"] as? [[String: Any]])
        #expect(tests.first?["name"] as? String == "Initial Validation: Basic Connection Test")
        #expect(tests.first?["status"] as? String == "failed")
        #expect((tests.first?["message"] as? String)?.contains("password authentication failed") == true)
        #expect(!result.stdout.contains("NotThePassword1"))
        #expect(!result.stderr.contains("NotThePassword1"))
    }

    @Test func validateReportsEveryProblemWithItsPath() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let file = try dir.write("broken.yaml", """
            type: Redshift
            autoBootstrap: true
            config:
              prot: 5439
              database: Immuta
              username: admin
              password: CanaryValue123
            """)
        let result = try Subprocess.steward(["validate", file])
        #expect(result.status == 1)
        #expect(result.stderr.contains("config.host"))
        #expect(result.stderr.contains("config.prot"))
        #expect(result.stderr.contains("did you mean port"))
        #expect(result.stderr.contains("config.database"))
        #expect(result.stderr.contains("config.initialDatabase"))
        #expect(!result.stderr.contains("CanaryValue123"))
        let good = try dir.write("good.json", Self.seedSpec(
            TestPostgres.Server(host: "127.0.0.1", port: 5439, superuser: "admin", password: .init("x"), dataDirectory: nil),
            database: "immuta", password: "abc1234"))
        #expect(try Subprocess.steward(["validate", good]).status == 0)
    }

    @Test func applyRefusesWhileAnotherProcessHoldsTheStateDirectory() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let state = URL(fileURLWithPath: dir.file("state"))
        _ = try StatusStore(stateDirectory: state)
        let lock = try StateDirectoryLock(stateDirectory: state)
        defer { lock.release() }
        let file = try dir.write("held.yaml", "type: Redshift\nautoBootstrap: true\nconfig: {host: h, database: d, initialDatabase: i, username: u, password: p}\n")
        let result = try Subprocess.steward(["apply", file, "--state-dir", state.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("another steward process"))
    }
}

extension TemporaryDirectory {
    /// Wraps an existing directory (not removed by this value unless `remove()` is called).
    static func existing(_ path: String) -> TemporaryDirectory {
        TemporaryDirectory(existingPath: path)
    }
}
