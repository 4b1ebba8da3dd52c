import Foundation
import StewardTestSupport
import Testing

/// The daemon itself, logging to a real (standalone) journald: every transition is a native
/// entry with STEWARD_* fields, so `journalctl STEWARD_INTEGRATION=NAME` finds it, and no secret
/// reaches the journal.
@Suite struct DaemonJournalTests {
    @Test func transitionsCarryStructuredFields() async throws {
        if let reason = StandaloneJournal.unavailableReason {
            try Test.cancel("a standalone journald is not possible here: \(reason)")
        }
        let server = try await TestPostgres.shared.start()
        let dir = try StewardTestSupport.TemporaryDirectory("steward-journal")
        defer { dir.remove() }
        let name = TestNames.unique("journal")
        let specs = dir.file("specs")
        try FileManager.default.createDirectory(atPath: specs, withIntermediateDirectories: true)
        let passwordFile = try dir.write("pw", server.password.unredacted)
        try """
            type: Redshift
            autoBootstrap: true
            config: {host: \(server.host), port: \(server.port), database: db_\(name), initialDatabase: postgres,
                     username: \(server.superuser), passwordFile: \(passwordFile), sslMode: disable}
            """.write(toFile: specs + "/\(name).yaml", atomically: true, encoding: .utf8)
        let state = dir.file("state")
        let steward = Subprocess.stewardPath
        let script = """
            "\(steward)" run --spec-dir "\(specs)" --state-dir "\(state)" --log-format journal --log-level info &
            pid=$!
            tries=0
            until "\(steward)" get \(name) --state-dir "\(state)" 2>/dev/null | grep -q '"status" : "enabled"'; do
                tries=$((tries + 1)); [ "$tries" -gt 300 ] && { kill "$pid"; exit 1; }
                sleep 0.1
            done
            kill -TERM "$pid"
            wait "$pid"
            """
        let entries = try await StandaloneJournal().run(
            command: ["sh", "-c", script], environment: ProcessInfo.processInfo.environment,
            match: "STEWARD_INTEGRATION=\(name)", expected: 2)
        let enabled = try #require(entries.first { $0["STEWARD_STATUS"] == "enabled" && $0["STEWARD_EVENT"] == "transition" },
                                   "entries: \(entries)")
        #expect(enabled["STEWARD_PREVIOUS_STATUS"] == "creating")
        #expect(enabled["STEWARD_INTEGRATION_ID"] != nil)
        #expect(enabled["STEWARD_ATTEMPT"] == "0")
        #expect(enabled["PRIORITY"] == "5")
        #expect(enabled["SYSLOG_IDENTIFIER"] == "steward")
        #expect(entries.contains { $0["STEWARD_STATUS"] == "creating" })
        for entry in entries {
            #expect(!entry.values.contains { $0.contains(server.password.unredacted) })
        }
        try await Catalog.execute(server, "DROP DATABASE IF EXISTS db_\(name) WITH (FORCE)")
        try await Catalog.execute(server, "DROP ROLE IF EXISTS steward_\(name)")
    }
}
