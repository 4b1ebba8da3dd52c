import Foundation
import StewardStore
import StewardTestSupport
import Testing

/// `steward get`, `list`, `history` and `status` only read the store: they answer while another
/// connection holds the database's write lock for longer than the busy timeout (a daemon in the
/// middle of a write transaction), and they change nothing in the state directory.
@Suite struct ReadOnlyCommandsTests {
    @Test func readingCommandsAnswerWhileTheWriteLockIsHeld() async throws {
        let directory = try TemporaryDirectory("steward-readonly")
        defer { directory.remove() }
        let state = directory.file("state")
        do {
            let store = try StatusStore(stateDirectory: URL(fileURLWithPath: state))
            try await store.create(NewIntegration(name: "held", status: .creating, host: "db.example.com", port: 5439, database: "held",
                                            systemUser: "steward_held", autoBootstrap: true))
        }
        // A writer that takes the write lock and keeps it well past the busy timeout.
        let hold = StatusStore.busyTimeoutSeconds + 4
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        holder.arguments = ["python3", "-c", """
            import sqlite3, sys, time
            c = sqlite3.connect(sys.argv[1], isolation_level=None)
            c.execute("BEGIN IMMEDIATE")
            c.execute("UPDATE integration SET updatedAt = updatedAt")
            print("locked", flush=True)
            time.sleep(\(hold))
            """, state + "/steward.sqlite"]
        let output = Pipe()
        holder.standardOutput = output
        try holder.run()
        defer { if holder.isRunning { holder.terminate() } }
        let line = String(decoding: output.fileHandleForReading.readData(ofLength: 7), as: UTF8.self)
        try #require(line == "locked\n", "the lock holder did not start: \(line)")
        let before = try Self.listing(state)

        for (arguments, shows) in [(["get", "held"], "held"), (["list"], "held"), (["history", "held"], "creating"), (["status"], "1 integration")] {
            let result = try Subprocess.steward(arguments + ["--state-dir", state])
            #expect(result.status == 0, "steward \(arguments.joined(separator: " ")) failed while the write lock was held: \(result.stderr)")
            #expect(result.stdout.contains(shows), "steward \(arguments.joined(separator: " ")): \(result.stdout)")
        }
        // Everything above ran while the lock was held: the holder still holds it.
        #expect(holder.isRunning, "the lock holder ended before the commands did; the test proves nothing")
        #expect(try Self.listing(state) == before, "a reading command changed the state directory")
    }

    /// The state directory's files and their sizes (the database's own WAL and shared-memory
    /// files aside, which any reader of a WAL database may touch).
    static func listing(_ state: String) throws -> [String: Int] {
        var files: [String: Int] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: state)
        where !name.hasSuffix("-wal") && !name.hasSuffix("-shm") {
            let attributes = try FileManager.default.attributesOfItem(atPath: state + "/" + name)
            files[name] = (attributes[.size] as? Int) ?? -1
        }
        return files
    }
}
