import Foundation
import StewardTestSupport
import Testing

/// One canary password through the whole lifecycle — a wrong password first, then the right
/// one inline, an edit, a switch to `passwordFile`, the deletion, and `steward apply` beside it —
/// must never appear (raw, hex or base64) in the state directory (every file, WAL and SHM
/// included), the SQLite contents, the daemon's log, any command's output or error, or the
/// daemon's `/proc/PID/cmdline` and `environ`.
@Suite struct SecretCanaryTests {
    /// Every output collected, by label.
    final class Evidence {
        var texts: [(String, String)] = []
        func add(_ label: String, _ result: Subprocess.Result) {
            texts.append((label + " stdout", result.stdout))
            texts.append((label + " stderr", result.stderr))
        }
    }

    static func spec(_ server: TestPostgres.Server, database: String, user: String, credential: String, impersonation: Bool = false) -> String {
        """
        type: Redshift
        autoBootstrap: true
        config:
          host: \(server.host)
          port: \(server.port)
          database: \(database)
          initialDatabase: postgres
          impersonation: {enabled: \(impersonation)}
          username: \(user)
          \(credential)
          sslMode: disable
          connectTimeout: 5
        """
    }

    @Test func oneCanaryThroughTheWholeLifecycleNeverLeaves() async throws {
        let server = try await TestPostgres.shared.start()
        let dir = try TemporaryDirectory("steward-canary")
        defer { dir.remove() }
        let name = TestNames.unique("canary"), admin = name + "_admin", database = "db_" + name
        let canary = "Canary" + UUID().uuidString.replacingOccurrences(of: "-", with: "")
        let wrong = "WrongCanary" + UUID().uuidString.replacingOccurrences(of: "-", with: "")
        let forms = [SecretForms(canary), SecretForms(wrong)]
        // The detector itself finds the canary however it is written down.
        for prefix in ["", "x", "xy"] {
            #expect(forms[0].found(in: Data((prefix + canary + "z").utf8).base64EncodedData()).count == 1)
        }
        #expect(forms[0].found(in: Data(canary.utf8.map { String(format: "%02x", $0) }.joined().utf8)) == ["hex"])
        // A bootstrap account that is not a superuser, so that every step runs (membership too).
        try await Catalog.execute(server, "CREATE ROLE \(admin) LOGIN CREATEDB CREATEROLE PASSWORD '\(canary)'")
        let specs = dir.file("integrations.d"), state = dir.file("state"), file = dir.file("integrations.d/\(name).yaml")
        try FileManager.default.createDirectory(atPath: specs, withIntermediateDirectories: true)
        let passwordFile = try dir.write("admin-password", canary + "\n")
        let evidence = Evidence()
        func steward(_ label: String, _ arguments: [String]) throws -> Subprocess.Result {
            let result = try Subprocess.steward(arguments)
            evidence.add("steward \(label)", result)
            return result
        }
        func put(_ credential: String, impersonation: Bool = false) throws {
            let temp = specs + "/.\(name).tmp"
            try Self.spec(server, database: database, user: admin, credential: credential, impersonation: impersonation)
                .write(toFile: temp, atomically: false, encoding: .utf8)
            chmod(temp, 0o644)
            guard rename(temp, file) == 0 else { throw TestSupportError("rename failed") }
        }

        let daemon = try DaemonProcess(specDirectory: specs, stateDirectory: state, extraArguments: ["--log-level", "trace"])
        // The wrong password first: an authentication failure, recorded.
        try put("password: \"\(wrong)\"")
        _ = try steward("validate (wrong)", ["validate", file])
        let failed = try await daemon.waitFor(name, status: "createError")
        #expect((failed["lastError"] as? String)?.contains("password authentication failed") == true)
        // The right one, inline: enabled; the readable file is warned about.
        try put("password: \"\(canary)\"")
        _ = try steward("validate (inline)", ["validate", file])
        try await daemon.waitFor(name, status: "enabled")
        #expect(daemon.log.contains("steward.event=password-exposed"))
        // An edit, then the password moved to a file.
        try put("password: \"\(canary)\"", impersonation: true)
        try await daemon.waitFor(name, status: "enabled") { ($0["config"] as? [String: Any]).flatMap { $0["impersonation"] as? [String: Any] }?["enabled"] as? Bool == true }
        try put("passwordFile: \(passwordFile)", impersonation: true)
        try await daemon.waitFor(name, status: "enabled") { ($0["config"] as? [String: Any])?["passwordFile"] as? String == passwordFile }
        for (label, arguments) in [("get", ["get", name]), ("list", ["list"]), ("list table", ["list", "-o", "table"]),
                                   ("history", ["history", name]), ("history json", ["history", name, "-o", "json"]),
                                   ("status", ["status"]), ("plan", ["plan", file])] {
            _ = try steward(label, arguments + ["--state-dir", state])
        }
        evidence.texts.append(("cmdline", String(decoding: ProcFiles.contents("cmdline", pid: daemon.pid) ?? Data(), as: UTF8.self)))
        evidence.texts.append(("environ", String(decoding: ProcFiles.contents("environ", pid: daemon.pid) ?? Data(), as: UTF8.self)))
        #expect(ProcFiles.contents("cmdline", pid: daemon.pid)?.isEmpty == false)
        // While the daemon runs, the WAL and shared-memory files exist: scan them now.
        let running = TemporaryDirectory(existingPath: state).allFileContents()
        #expect(running.contains { $0.0.hasSuffix("-wal") }, "no WAL file to scan: \(running.map(\.0))")

        // Deletion, with the password read from the file.
        try FileManager.default.removeItem(atPath: file)
        try await daemon.waitFor(name, status: "deleted")
        #expect(try await !Catalog.databaseExists(server, database))
        _ = try steward("history after delete", ["history", name, "--state-dir", state])
        #expect(try await daemon.stop() == 0)

        // `steward apply` beside it, wrong password first.
        let applied = try await applyTwice(server, dir: dir, admin: admin, canary: canary, wrong: wrong, evidence: evidence)

        var files = running + TemporaryDirectory(existingPath: state).allFileContents() + applied
        files.append(("daemon log", Data(daemon.log.utf8)))
        for database in [state + "/steward.sqlite", dir.file("state-apply") + "/steward.sqlite"] {
            let dump = try Subprocess.run("/usr/bin/sqlite3", [database, ".dump"])
            #expect(dump.status == 0 && dump.stdout.contains("CREATE TABLE"), "sqlite3 .dump \(database): \(dump.stderr)")
            files.append(("sqlite3 .dump \(database)", Data(dump.stdout.utf8)))
        }
        for form in forms {
            for (label, data) in files {
                #expect(form.found(in: data).isEmpty, "\(form.secret.prefix(11))… found (\(form.found(in: data))) in \(label)")
            }
            for (label, text) in evidence.texts {
                #expect(form.found(in: text).isEmpty, "\(form.secret.prefix(11))… found (\(form.found(in: text))) in \(label)")
            }
        }
        #expect(evidence.texts.count >= 30)
        try await Catalog.execute(server, "DROP DATABASE IF EXISTS \(database) WITH (FORCE)")
        try await Catalog.execute(server, "DROP DATABASE IF EXISTS \(database)_apply WITH (FORCE)")
        for role in ["imp_\(name)", "steward_\(name)", "steward_\(name)_apply", admin] {
            try await Catalog.execute(server, "DROP ROLE IF EXISTS \(role)")
        }
    }

    /// `steward apply` with the wrong password (createError), then the right one (enabled);
    /// returns the files of its state directory.
    func applyTwice(_ server: TestPostgres.Server, dir: TemporaryDirectory, admin: String, canary: String, wrong: String,
                    evidence: Evidence) async throws -> [(String, Data)] {
        let name = admin.replacingOccurrences(of: "_admin", with: "_apply")
        let database = "db_" + name
        let state = dir.file("state-apply")
        let file = dir.file("\(name).yaml")
        for (label, password, status) in [("wrong", wrong, Int32(1)), ("right", canary, Int32(0))] {
            try Self.spec(server, database: database, user: admin, credential: "password: \"\(password)\"")
                .write(toFile: file, atomically: false, encoding: .utf8)
            let result = try Subprocess.steward(["apply", file, "--state-dir", state, "--log-level", "trace"])
            evidence.add("steward apply (\(label))", result)
            #expect(result.status == status, "apply (\(label)): \(result.stderr.suffix(2000))")
        }
        for (label, arguments) in [("get", ["get", name]), ("list", ["list"]), ("history", ["history", name]), ("status", ["status"])] {
            evidence.add("steward \(label) (apply)", try Subprocess.steward(arguments + ["--state-dir", state]))
        }
        return TemporaryDirectory(existingPath: state).allFileContents()
    }

    /// An inline password in a file that its group or others can read is warned about by
    /// `steward validate` (the spec stays valid); a private file, or a password file, is not.
    @Test(arguments: [(0o644, "its group and others (mode 0644)"), (0o640, "its group (mode 0640)"), (0o604, "others (mode 0604)"), (0o600, nil)])
    func validateWarnsAboutAReadableInlinePassword(mode: Int, warning: String?) throws {
        let dir = try TemporaryDirectory("steward-exposure")
        defer { dir.remove() }
        let server = TestPostgres.Server(host: "db.example.com", port: 5439, superuser: "admin", password: .init("x"), dataDirectory: nil)
        let inline = try dir.write("inline.yaml", Self.spec(server, database: "immuta", user: "admin", credential: "password: \"Exposed123\""))
        chmod(inline, mode_t(mode))
        let result = try Subprocess.steward(["validate", inline])
        #expect(result.status == 0)
        #expect(result.stdout == "\(inline): ok\n")
        if let warning {
            #expect(result.stderr.hasPrefix("\(inline): warning: config.password: the password is written in the file, and the file is readable by \(warning)"),
                    "\(result.stderr)")
            #expect(result.stderr.contains("passwordFile or passwordCredential"))
        } else {
            #expect(result.stderr.isEmpty, "\(result.stderr)")
        }
        #expect(!result.stderr.contains("Exposed123"))
        let referenced = try dir.write("referenced.yaml", Self.spec(server, database: "immuta", user: "admin", credential: "passwordFile: /etc/steward/admin"))
        chmod(referenced, mode_t(mode))
        #expect(try Subprocess.steward(["validate", referenced]).stderr.isEmpty)
    }
}
