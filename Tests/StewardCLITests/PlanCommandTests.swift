import Foundation
import StewardTestSupport
import Testing

/// `steward plan` for review and CI: a whole folder, `--format text|json|sql`, `--exit-code`
/// (0 nothing to do, 2 changes, 1 any error) and colour only on a terminal without `NO_COLOR`,
/// against the real PostgreSQL.
@Suite struct PlanCommandTests {
    @Test func aFolderIsPlannedSummarisedAndGatedByTheExitCode() async throws {
        let server = try await TestPostgres.shared.start()
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let state = dir.file("state")
        let folder = dir.file("specs")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let password = server.password.unredacted
        let applied = TestNames.unique("planned")
        let fresh = TestNames.unique("fresh")
        let broken = TestNames.unique("broken")
        func write(_ name: String, _ text: String) throws -> String {
            let file = (folder as NSString).appendingPathComponent(name)
            try text.write(toFile: file, atomically: true, encoding: .utf8)
            return file
        }
        let appliedFile = try write("\(applied).json", ApplyCommandTests.seedSpec(server, database: "db_\(applied)", password: password))
        let done = try Subprocess.steward(["apply", appliedFile, "--state-dir", state])
        #expect(done.status == 0, "apply: \(done.stderr)")
        // Another address of the server: one integration per host and port.
        let freshFile = try write("\(fresh).json", ApplyCommandTests.seedSpec(server, database: "db_\(fresh)", password: password)
            .replacingOccurrences(of: "\"host\": \"\(server.host)\"", with: "\"host\": \"127.0.0.4\""))
        _ = try write("\(broken).yaml", "type: Redshift\nconfig: {}\n")
        _ = try write("README.md", "not a spec\n")

        // JSON: one entry a spec (README.md is not one), the summary, exit 1 for the broken file.
        let json = try Subprocess.steward(["plan", folder, "--format", "json", "--exit-code", "--state-dir", state])
        #expect(json.status == 1, "stderr: \(json.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(document["summary"] as? [String: Int] == ["changes": 1, "unchanged": 1, "errors": 1])
        let entries = try #require(document["integrations"] as? [[String: Any]])
        let byName = Dictionary(uniqueKeysWithValues: entries.compactMap { entry in (entry["name"] as? String).map { ($0, entry) } })
        #expect(byName.count == 3)
        #expect(byName[applied]?["outcome"] as? String == "unchanged")
        #expect(byName[fresh]?["outcome"] as? String == "changes")
        let steps = try #require(byName[fresh]?["steps"] as? [[String: Any]])
        #expect(steps.contains { ($0["sql"] as? String)?.contains("CREATE DATABASE") == true })
        #expect((byName[broken]?["error"] as? String)?.contains("\(broken).yaml") == true)

        // Text, once the broken file is gone: changes give 2; no colour when not on a terminal.
        try FileManager.default.removeItem(atPath: (folder as NSString).appendingPathComponent("\(broken).yaml"))
        let text = try Subprocess.steward(["plan", folder, "--format", "text", "--exit-code", "--state-dir", state])
        #expect(text.status == 2, "stderr: \(text.stderr)")
        #expect(text.stdout.contains("\(applied): nothing to do\n"))
        #expect(text.stdout.contains("\(fresh): \(steps.count) steps\n"))
        #expect(text.stdout.hasSuffix("1 to change, 1 up to date, 0 failed\n"))
        #expect(!text.stdout.contains("\u{1B}["))
        // Without --exit-code a plan with changes is a success.
        let plain = try Subprocess.steward(["plan", folder, "--format", "text", "--state-dir", state])
        #expect(plain.status == 0, "stderr: \(plain.stderr)")

        // On a terminal (script(1) gives one) the text is coloured, unless NO_COLOR is set.
        let command = [Subprocess.stewardPath, "plan", folder, "--format", "text", "--state-dir", state].map { "'\($0)'" }.joined(separator: " ")
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = nil
        environment["TERM"] = "xterm"
        let coloured = try Subprocess.run("/usr/bin/script", ["-qec", command, "/dev/null"], environment: environment)
        #expect(coloured.stdout.contains("\u{1B}[32mnothing to do\u{1B}[0m"), "on a terminal: \(coloured.stdout.debugDescription)")
        environment["NO_COLOR"] = "1"
        let uncoloured = try Subprocess.run("/usr/bin/script", ["-qec", command, "/dev/null"], environment: environment)
        #expect(uncoloured.stdout.contains("nothing to do") && !uncoloured.stdout.contains("\u{1B}["), "NO_COLOR: \(uncoloured.stdout)")

        // Everything applied: 0, and the SQL form says so for each spec.
        let second = try Subprocess.steward(["apply", freshFile, "--state-dir", state])
        #expect(second.status == 0, "apply: \(second.stderr)")
        let sql = try Subprocess.steward(["plan", folder, "--exit-code", "--state-dir", state])
        #expect(sql.status == 0, "stderr: \(sql.stderr)")
        #expect(sql.stdout.contains("-- \(applied): nothing to do") && sql.stdout.contains("-- \(fresh): nothing to do"))
        #expect(sql.stdout.hasSuffix("-- 0 to change, 2 up to date, 0 failed\n"))

        for output in [json, text, plain, coloured, uncoloured, sql] {
            #expect(!output.stdout.contains(password) && !output.stderr.contains(password), "the password was printed")
        }
        for name in [applied, fresh] {
            _ = try? await Catalog.execute(server, "DROP DATABASE IF EXISTS \"db_\(name)\" WITH (FORCE)")
        }
    }
}
