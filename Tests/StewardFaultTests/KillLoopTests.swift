import Foundation
import StewardTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `kill -9` of the daemon at random moments (during startup, the first scan, applies, edits and
/// deletions), dozens of times, while the files of a dozen integrations are created, edited and
/// removed; a new daemon is started after each kill. The store must stay intact after every
/// kill, and once the daemon is left alone everything must converge with nothing lost, doubled
/// or left behind.
@Suite struct KillLoopTests {
    @Test func killedAtRandomMomentsWhileIntegrationsChange() async throws {
        let scale = FaultScale.current
        let seed = FaultScale.seed
        var random = SeededRandom(seed: seed)
        print("kill loop: STEWARD_FAULT_SEED=\(seed) replays this run")
        let server = try await TestPostgres.shared.start()
        var fleet = try FaultFleet(server: server, size: scale.integrations, prefix: "fk")

        for index in 0..<fleet.size { try fleet.create(index, impersonation: Bool.random(using: &random)) }
        var integrityChecks = 0
        for round in 0..<scale.kills {
            let daemon = try fleet.startDaemon(removalGrace: "0s")
            // One to three changes at random moments of this daemon's short life, then the kill.
            let life = random.milliseconds(50...scale.longestLifeMilliseconds)
            var lived = Duration.zero
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                let pause = random.milliseconds(0...300)
                try await Task.sleep(for: pause)
                lived += pause
                try fleet.randomChange(using: &random)
            }
            if life > lived { try await Task.sleep(for: life - lived) }
            daemon.signal(SIGKILL)
            let status = try await daemon.wait()
            // A daemon that exited by itself before the kill would be a finding too.
            #expect(status == 128 + SIGKILL, "round \(round): the daemon exited with \(status) before the kill:\n\(daemon.log.suffix(3000))")
            if FileManager.default.fileExists(atPath: fleet.state + "/steward.sqlite") {
                let facts = try Invariants.readStore(fleet.state)
                #expect(facts.integrity == ["ok"], "round \(round) (seed \(seed)): integrity_check \(facts.integrity)")
                integrityChecks += 1
            }
        }

        // The log file is shared by every daemon of the loop: wait for one more "ready".
        let readyBefore = readyLines(in: fleet)
        let daemon = try fleet.startDaemon()
        try await waitUntil { readyLines(in: fleet) > readyBefore }
        let converged = try await Invariants.waitForConvergence(fleet)
        let stopped = try await daemon.stop()
        #expect(stopped == 0, "exit \(stopped):\n\(daemon.log.suffix(3000))")
        let facts = try Invariants.checkStore(fleet.state)
        try await Invariants.checkWarehouse(fleet)

        // Deletion after all that leaves nothing behind.
        let final = try fleet.startDaemon()
        try await Invariants.deleteAllAndCheck(&fleet, daemon: final)
        #expect(try await final.stop() == 0)
        try Invariants.checkStore(fleet.state)

        FaultFigures.print("kill-loop", [
            "seed": "\(seed)", "integrations": "\(fleet.size)", "kills": "\(scale.kills)", "changes": "\(fleet.changes)",
            "integrity_checks": "\(integrityChecks)", "converged_after_last_kill": FaultFigures.seconds(converged),
            "transitions": "\(facts.total)",
        ])
        await fleet.scrub()
    }

    func readyLines(in fleet: FaultFleet) -> Int {
        let log = (try? String(contentsOfFile: fleet.state + ".log", encoding: .utf8)) ?? ""
        return log.components(separatedBy: "steward.event=ready").count - 1
    }
}
