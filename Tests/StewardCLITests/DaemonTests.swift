import Foundation
import StewardTestSupport
import StewardWarehouse
import Testing

/// `steward run` as a process against a real PostgreSQL: spec files in, SQLite and warehouse
/// state out.
@Suite struct DaemonTests {
    struct Fixture {
        let server: TestPostgres.Server
        let dir: TemporaryDirectory
        let specs: String
        let state: String
        let passwordFile: String

        init() async throws {
            server = try await TestPostgres.shared.start()
            dir = try TemporaryDirectory("steward-daemon")
            specs = dir.file("integrations.d")
            state = dir.file("state")
            try FileManager.default.createDirectory(atPath: specs, withIntermediateDirectories: true)
            passwordFile = try dir.write("admin-password", server.password.unredacted + "\n")
        }

        /// A spec using the superuser through passwordFile (so deletion has credentials).
        func spec(database: String, host: String? = nil, impersonation: String? = nil, policy: String = "Delete",
                  password: String? = nil) -> String {
            let credential = password.map { "password: \"\($0)\"" } ?? "passwordFile: \(passwordFile)"
            let imp = impersonation.map { "impersonation: {enabled: true, role: \($0)}" } ?? "impersonation: {enabled: false}"
            return """
                type: Redshift
                autoBootstrap: true
                config:
                  host: \(host ?? server.host)
                  port: \(server.port)
                  database: \(database)
                  initialDatabase: postgres
                  \(imp)
                  username: \(server.superuser)
                  \(credential)
                  sslMode: disable
                  connectTimeout: 5
                deletionPolicy: \(policy)
                """
        }

        /// Writes a spec the way editors and config management do: a temp file renamed into place.
        func put(_ name: String, _ text: String) throws {
            let temp = specs + "/.\(name).yaml.tmp"
            try text.write(toFile: temp, atomically: false, encoding: .utf8)
            guard rename(temp, specs + "/\(name).yaml") == 0 else { throw TestSupportError("rename failed") }
        }

        func remove(_ name: String) throws {
            try FileManager.default.removeItem(atPath: specs + "/\(name).yaml")
        }

        func start(_ extra: [String] = []) throws -> DaemonProcess {
            try DaemonProcess(specDirectory: specs, stateDirectory: state, extraArguments: extra)
        }

        func history(_ name: String) throws -> String {
            try Subprocess.steward(["history", name, "--state-dir", state]).stdout
        }
    }

    @Test func createEditDeleteAndRetain() async throws {
        let f = try await Fixture()
        defer { f.dir.remove() }
        let name = TestNames.unique("life")
        let database = "db_\(name)"
        let role = "imp_\(name)"
        let daemon = try f.start()

        try f.put(name, f.spec(database: database))
        try await daemon.waitFor(name, status: "enabled")
        #expect(try await Catalog.databaseExists(f.server, database))

        // Edit: impersonation on, then off.
        try f.put(name, f.spec(database: database, impersonation: role))
        try await daemon.waitFor(name, status: "enabled") { ($0["config"] as? [String: Any]).flatMap { $0["impersonation"] as? [String: Any] }?["enabled"] as? Bool == true }
        try await waitUntil { try await Catalog.roleExists(f.server, role) }
        try f.put(name, f.spec(database: database))
        try await waitUntil { try await !Catalog.roleExists(f.server, role) }
        try await daemon.waitFor(name, status: "enabled")

        // Changing the database of an existing integration is refused.
        try f.put(name, f.spec(database: database + "_other"))
        let refused = try await daemon.waitFor(name, status: "editError")
        #expect((refused["lastError"] as? String)?.contains("config.database") == true)
        #expect(try await !Catalog.databaseExists(f.server, database + "_other"))
        try f.put(name, f.spec(database: database))
        try await daemon.waitFor(name, status: "enabled")

        // Delete: everything it made is dropped.
        try f.remove(name)
        try await daemon.waitFor(name, status: "deleted")
        #expect(try await !Catalog.databaseExists(f.server, database))
        #expect(try await !Catalog.roleExists(f.server, "steward_\(name)"))

        // Retain: forgotten, nothing dropped.
        let kept = TestNames.unique("kept")
        try f.put(kept, f.spec(database: "db_\(kept)", policy: "Retain"))
        try await daemon.waitFor(kept, status: "enabled")
        try f.remove(kept)
        try await daemon.waitFor(kept, status: "disabled")
        #expect(try await Catalog.databaseExists(f.server, "db_\(kept)"))

        let history = try f.history(name)
        for status in ["creating", "enabled", "editing", "editError", "deleting", "deleted"] {
            #expect(history.contains(status), "history lacks \(status):\n\(history)")
        }
        #expect(try await daemon.stop() == 0)
        try await Catalog.execute(f.server, "DROP DATABASE IF EXISTS db_\(kept) WITH (FORCE)")
        try await Catalog.execute(f.server, "DROP ROLE IF EXISTS steward_\(kept)")
    }

    @Test func conflictInvalidFileAndFix() async throws {
        let f = try await Fixture()
        defer { f.dir.remove() }
        let first = TestNames.unique("first")
        let second = TestNames.unique("second")
        let broken = TestNames.unique("broken")
        let daemon = try f.start()

        try f.put(first, f.spec(database: "db_\(first)", host: "127.0.0.3"))
        let enabled = try await daemon.waitFor(first, status: "enabled")
        try f.put(second, f.spec(database: "db_\(second)", host: "127.0.0.3"))
        let conflict = try await daemon.waitFor(second, status: "createError")
        let id = enabled["id"] as? String ?? "?"
        #expect(conflict["lastError"] as? String == "Redshift integration already exists on host 127.0.0.3 (id = \(id))")
        #expect(try await !Catalog.databaseExists(f.server, "db_\(second)"))

        try f.put(broken, "type: Redshift\nautoBootstrap: true\nconfig:\n  prot: 1\n")
        let invalid = try await daemon.waitFor(broken, status: "createError")
        let errors = try #require(invalid["specErrors"] as? [String])
        #expect(errors.contains { $0.contains("config.host") })
        #expect(errors.contains { $0.contains("did you mean port") })
        try f.put(broken, f.spec(database: "db_\(broken)", host: "127.0.0.4"))
        try await daemon.waitFor(broken, status: "enabled")

        #expect(try await daemon.stop() == 0)
        for n in [first, broken] {
            try await Catalog.execute(f.server, "DROP DATABASE IF EXISTS db_\(n) WITH (FORCE)")
            try await Catalog.execute(f.server, "DROP ROLE IF EXISTS steward_\(n)")
        }
    }

    @Test func deletingWithAnInlinePasswordEndsInDeleteErrorSayingHowToFinish() async throws {
        let f = try await Fixture()
        defer { f.dir.remove() }
        let name = TestNames.unique("inline")
        let daemon = try f.start()
        try f.put(name, f.spec(database: "db_\(name)", password: f.server.password.unredacted))
        try await daemon.waitFor(name, status: "enabled")
        try f.remove(name)
        let failed = try await daemon.waitFor(name, status: "deleteError")
        let message = failed["lastError"] as? String ?? ""
        #expect(message.contains("require privileged credentials to disable"))
        #expect(message.contains("passwordFile"))
        #expect(try await Catalog.databaseExists(f.server, "db_\(name)"), "nothing may be dropped without credentials")
        #expect(!daemon.log.contains(f.server.password.unredacted))
        #expect(try await daemon.stop() == 0)
        try await Catalog.execute(f.server, "DROP DATABASE IF EXISTS db_\(name) WITH (FORCE)")
        try await Catalog.execute(f.server, "DROP ROLE IF EXISTS steward_\(name)")
    }

    @Test func driftIsRepairedOnReload() async throws {
        let f = try await Fixture()
        defer { f.dir.remove() }
        let name = TestNames.unique("drift")
        let database = "db_\(name)"
        let daemon = try f.start()
        try f.put(name, f.spec(database: database))
        try await daemon.waitFor(name, status: "enabled")

        try await Catalog.execute(f.server, "DROP SCHEMA immuta_functions", database: database)
        try await Catalog.execute(f.server, "REVOKE ALL ON DATABASE \(database) FROM steward_\(name)")
        daemon.signal(SIGHUP)
        try await waitUntil {
            try await !Catalog.query(f.server, "SELECT 1 FROM pg_namespace WHERE nspname = 'immuta_functions'", database: database).isEmpty
        }
        try await waitUntil { try f.history(name).contains("driftRepaired") }
        try await daemon.waitFor(name, status: "enabled")

        // Drift that cannot be repaired (the privileged password no longer works).
        try "WrongPassword1\n".write(toFile: f.passwordFile, atomically: true, encoding: .utf8)
        try await Catalog.execute(f.server, "DROP SCHEMA immuta_procedures", database: database)
        daemon.signal(SIGHUP)
        let broken = try await daemon.waitFor(name, status: "recurringValidationError")
        #expect((broken["lastError"] as? String)?.contains("password authentication failed") == true)
        // Fixed: the next pass repairs it and the integration is enabled again.
        try (f.server.password.unredacted + "\n").write(toFile: f.passwordFile, atomically: true, encoding: .utf8)
        daemon.signal(SIGHUP)
        try await daemon.waitFor(name, status: "enabled")
        #expect(try await !Catalog.query(f.server, "SELECT 1 FROM pg_namespace WHERE nspname = 'immuta_procedures'", database: database).isEmpty)
        #expect(try await daemon.stop() == 0)
        try await Catalog.execute(f.server, "DROP DATABASE IF EXISTS \(database) WITH (FORCE)")
        try await Catalog.execute(f.server, "DROP ROLE IF EXISTS steward_\(name)")
    }

    @Test func secondDaemonIsRefused() async throws {
        let f = try await Fixture()
        defer { f.dir.remove() }
        let daemon = try f.start()
        try await waitUntil { daemon.log.contains("ready") }
        let second = try Subprocess.steward(["run", "--spec-dir", f.specs, "--state-dir", f.state])
        #expect(second.status == 1)
        #expect(second.stderr.contains("another steward process"))
        #expect(try await daemon.stop() == 0)
    }

    @Test func killedMidReconcileConvergesAfterRestart() async throws {
        let f = try await Fixture()
        defer { f.dir.remove() }
        let names = (0..<4).map { _ in TestNames.unique("kill") }
        var daemon = try f.start()
        for (index, name) in names.enumerated() {
            try f.put(name, f.spec(database: "db_\(name)", host: "127.0.0.\(10 + index)", impersonation: "imp_\(name)"))
        }
        // Kill as soon as the first integration starts, while the others are in flight.
        try await waitUntil { daemon.log.contains("integration creating") || daemon.log.contains("running step") }
        daemon.signal(SIGKILL)
        #expect(try await daemon.wait() == 128 + SIGKILL)
        daemon = try f.start()
        for name in names {
            try await daemon.waitFor(name, status: "enabled")
            #expect(try await Catalog.roleExists(f.server, "imp_\(name)"))
            let markers = try await Catalog.query(f.server, "SELECT count(*) AS n FROM immuta_system.steward_marker", database: "db_\(name)")
            #expect(markers.value("n") == "1")
        }
        #expect(try await daemon.stop() == 0)
        for name in names {
            try await Catalog.execute(f.server, "DROP DATABASE IF EXISTS db_\(name) WITH (FORCE)")
            try await Catalog.execute(f.server, "DROP ROLE IF EXISTS imp_\(name)")
            try await Catalog.execute(f.server, "DROP ROLE IF EXISTS steward_\(name)")
        }
    }
}

extension DaemonTests {
    @Test func warehouseDownAtStartRetriesWithBackoffThenEnables() async throws {
        let f = try await Fixture()
        defer { f.dir.remove() }
        let name = TestNames.unique("down")
        let proxyPort = try TestPostgres.freePortForTests()
        let spec = f.spec(database: "db_\(name)").replacingOccurrences(of: "port: \(f.server.port)", with: "port: \(proxyPort)")
        try f.put(name, spec)
        let started = ContinuousClock.now
        let daemon = try f.start()

        // Nothing listens yet: a transient failure, retried with backoff, the next attempt recorded.
        let failing = try await daemon.waitFor(name, status: "createError") { ($0["attempts"] as? Int ?? 0) >= 2 }
        #expect(failing["nextAttemptAt"] is String)
        #expect((failing["lastError"] as? String)?.contains("Steward retries") == true)
        // `steward status` says when the next retry is. Each retry passes through `creating` for a
        // moment, so a single look can land inside one: look until it shows the waiting state.
        var status = ""
        try await waitUntil {
            status = try Subprocess.steward(["status", "--state-dir", f.state]).stdout
            return status.contains("createError") && status.contains("next retry in")
        }
        #expect(status.contains("createError") && status.contains("next retry in"), "\(status)")

        // The warehouse comes up (a proxy to the real server): enabled without any file change.
        let proxyScript = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/tcp_proxy.py").path
        let proxy = try DaemonProcess.spawnHelper("/usr/bin/env", ["python3", proxyScript, String(proxyPort), String(f.server.port)],
                                                  output: f.dir.file("proxy.log"))
        defer { kill(proxy, SIGKILL); var s: Int32 = 0; waitpid(proxy, &s, 0) }
        let enabled = try await daemon.waitFor(name, status: "enabled", timeout: .seconds(60))
        #expect(enabled["attempts"] as? Int == 0)
        #expect(enabled["nextAttemptAt"] == nil)

        // Attempts stayed within the backoff schedule: no hot loop (base 200 ms, cap 2 s, full
        // jitter: about one attempt a second once capped). The bound scales with how long the
        // warehouse was down, which a loaded machine stretches; a hot loop makes hundreds a second.
        let history = try f.history(name)
        let failures = history.split(separator: "\n").filter { $0.contains("createError") }.count
        let downSeconds = Double((ContinuousClock.now - started).components.seconds)
        #expect(Double(failures) <= 5 * downSeconds + 10, "too many attempts: \(failures) in \(downSeconds) s")
        #expect(try await daemon.stop() == 0)
        try await Catalog.execute(f.server, "DROP DATABASE IF EXISTS db_\(name) WITH (FORCE)")
        try await Catalog.execute(f.server, "DROP ROLE IF EXISTS steward_\(name)")
    }
}

extension DaemonTests {
    @Test func aMissingSpecFolderIsWaitedForAndNothingIsDeleted() async throws {
        let f = try await Fixture()
        defer { f.dir.remove() }
        let name = TestNames.unique("folder")
        let daemon = try f.start()
        try f.put(name, f.spec(database: "db_\(name)"))
        try await daemon.waitFor(name, status: "enabled")

        // The folder disappears (unmounted, moved away): the integration is NOT deleted.
        let aside = f.dir.file("aside")
        guard rename(f.specs, aside) == 0 else { throw TestSupportError("rename failed") }
        try await waitUntil { daemon.log.contains("folder-unavailable") }
        daemon.signal(SIGHUP)
        try await waitUntil { daemon.log.contains("steward.event=reload") }
        try await Task.sleep(for: .milliseconds(500))
        #expect(try daemon.get(name)?["status"] as? String == "enabled")
        #expect(try await Catalog.databaseExists(f.server, "db_\(name)"))

        // It comes back with a new file: watched again, the new integration is created.
        guard rename(aside, f.specs) == 0 else { throw TestSupportError("rename failed") }
        let second = TestNames.unique("back")
        try f.put(second, f.spec(database: "db_\(second)", host: "127.0.0.5"))
        try await daemon.waitFor(second, status: "enabled")
        #expect(try await daemon.stop() == 0)
        for n in [name, second] {
            try await Catalog.execute(f.server, "DROP DATABASE IF EXISTS db_\(n) WITH (FORCE)")
            try await Catalog.execute(f.server, "DROP ROLE IF EXISTS steward_\(n)")
        }
    }
}
