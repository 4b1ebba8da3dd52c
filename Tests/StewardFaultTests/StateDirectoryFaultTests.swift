import Foundation
import StewardTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The state directory on a file system of its own (a small tmpfs mounted on it) that fills up
/// while files change (the daemon says what is wrong and how to fix it, stays up, keeps
/// answering `steward get`, corrupts nothing, and carries on once space is freed), then is
/// read-only when the daemon starts (a clear error and exit; a clean start once writable).
@Suite struct StateDirectoryFaultTests {
    @Test func aFullThenReadOnlyStateDirectoryRecoversOnceFixed() async throws {
        let server = try await TestPostgres.shared.start()
        var fleet = try FaultFleet(server: server, size: 6, prefix: "fs")
        let mount: TmpfsMount
        do {
            // Mounted on the state directory itself; the daemon's log file sits beside it, outside.
            mount = try TmpfsMount(at: URL(fileURLWithPath: fleet.state), size: "8m")
        } catch {
            try Test.cancel("needs its own tmpfs: \(error.reason)")
        }
        // The edits here need no replay: any new impersonation setting will do.
        var random = SeededRandom(seed: 7)
        let daemon = try fleet.startDaemon()
        for index in 0..<3 { try fleet.create(index, impersonation: index == 0) }
        try await Invariants.waitForConvergence(fleet)

        // Full: every write the store makes fails with ENOSPC.
        let filler = fleet.state + "/filler"
        let filled = try fill(filler)
        try fleet.create(3, impersonation: false)
        try fleet.edit(0, using: &random)
        try fleet.delete(1)
        try await waitUntil { daemon.log.contains("no space left on the device holding \(fleet.state)") }
        #expect(daemon.log.contains("free some space"), "the error says how to fix it")
        try await Task.sleep(for: .seconds(2))
        #expect(kill(daemon.pid, 0) == 0, "the daemon exited on a full disk:\n\(daemon.log.suffix(3000))")
        #expect(try Invariants.list(fleet.state)[fleet.name(2)]?["status"] as? String == "enabled", "steward get answers")
        guard unlink(filler) == 0 else { throw TestSupportError("cannot remove the filler") }
        let afterFull = try await Invariants.waitForConvergence(fleet)

        // Read-only. A file system with files open for writing cannot be remounted read-only
        // (EBUSY), so this is the state directory found read-only at startup (a unit without
        // ReadWritePaths=, a remount after an I/O error): a clear error and a non-zero exit, so
        // that systemd's Restart= retries; once it is writable again, everything carries on.
        #expect(try await daemon.stop() == 0)
        try mount.remountReadOnly()
        try fleet.create(4, impersonation: true)
        try fleet.edit(2, using: &random)
        let refused = try fleet.startDaemon()
        let refusedStatus = try await refused.wait()
        #expect(refusedStatus != 0, "a daemon that cannot write its state must not run as if it could")
        #expect(refused.log.contains("\(fleet.state) is read-only"), "the error names the directory: \(refused.log.suffix(2000))")
        #expect(refused.log.contains("ReadWritePaths"), "the error says how to fix it")
        // Reading commands answer, or, when SQLite cannot open the WAL database read-only (no
        // shared-memory file left to use, none can be created), say the same as the daemon.
        let get = try Subprocess.steward(["get", fleet.name(3), "--state-dir", fleet.state])
        let answered = get.status == 0 && get.stdout.contains("\"enabled\"")
        let explained = get.status == 2 && get.stderr.contains("\(fleet.state) is read-only")
        #expect(answered || explained, "steward get: \(get.status) \(get.stdout) \(get.stderr)")
        try mount.remountReadWrite()
        let daemon2 = try fleet.startDaemon()
        let afterReadOnly = try await Invariants.waitForConvergence(fleet)

        #expect(try await daemon2.stop() == 0)
        let facts = try Invariants.checkStore(fleet.state)
        try await Invariants.checkWarehouse(fleet)
        let final = try fleet.startDaemon()
        try await Invariants.deleteAllAndCheck(&fleet, daemon: final)
        #expect(try await final.stop() == 0)
        try Invariants.checkStore(fleet.state)
        FaultFigures.print("state-directory", [
            "filled_bytes": "\(filled)", "converged_after_space_freed": FaultFigures.seconds(afterFull),
            "converged_after_read_write": FaultFigures.seconds(afterReadOnly), "transitions": "\(facts.total)",
        ])
        await fleet.scrub()
    }

    /// Writes `path` until the file system is full; returns how many bytes fitted.
    func fill(_ path: String) throws -> Int {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw TestSupportError("cannot create \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let chunk = [UInt8](repeating: 0x5A, count: 64 * 1024)
        var total = 0
        while true {
            let written = chunk.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if written > 0 { total += written; continue }
            guard errno == ENOSPC else { throw TestSupportError("filling \(path): \(String(cString: strerror(errno)))") }
            return total
        }
    }
}
