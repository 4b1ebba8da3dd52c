import Foundation
import StewardTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A file removed and put back within the removal grace period (an editor that saves by
/// unlinking, a deploy that replaces files) changes nothing; a file that stays gone is deleted
/// once the grace period is over, not before.
///
/// The folder is changed from a dedicated thread that measures how long each file was really
/// gone (see `DedicatedThread`): a `Task.sleep` in a test can oversleep by seconds under the full
/// suite, which once made a "200 ms" absence last 8.6 s — longer than the grace period — and the
/// daemon, rightly, deleted the file.
@Suite struct RemovalGraceFaultTests {
    @Test func aRemovedFileIsDeletedOnlyAfterTheGracePeriod() async throws {
        let server = try await TestPostgres.shared.start()
        var fleet = try FaultFleet(server: server, size: 2, prefix: "fg")
        let grace = Duration.seconds(8)
        let daemon = try fleet.startDaemon(removalGrace: "8s")
        for index in 0..<fleet.size { try fleet.create(index, impersonation: false) }
        try await Invariants.waitForConvergence(fleet)

        // Both files go; one is back 200 ms later.
        let kept = try #require(fleet.desired[0])
        let (specs, back, gone, text) = (fleet.specs, fleet.name(0), fleet.name(1), fleet.specText(0, kept))
        let (removed, absence) = try await DedicatedThread.run {
            let removed = ContinuousClock.now
            try FaultFleet.removeFile(specs: specs, name: back)
            try FaultFleet.removeFile(specs: specs, name: gone)
            DedicatedThread.sleep(.milliseconds(200))
            try FaultFleet.writeFile(specs: specs, name: back, text: text)
            return (removed, ContinuousClock.now - removed)
        }
        fleet.assume(1, nil)
        try #require(absence < grace / 2, "the test's own thread needed \(absence) to put the file back: the scenario did not happen")
        try await Invariants.waitForConvergence(fleet)
        let deletedAfter = ContinuousClock.now - removed
        #expect(deletedAfter >= grace, "deleted \(deletedAfter) after the file was removed, inside the grace period")
        #expect(daemon.log.contains("steward.event=removal-pending"))
        #expect(try await daemon.stop() == 0)
        let facts = try Invariants.checkStore(fleet.state)
        #expect(facts.statuses[fleet.name(0)] == "enabled")
        #expect(!(facts.transitions[fleet.name(0)] ?? []).contains { $0.to == "deleting" },
                "the file that came back after \(absence) was deleted")
        #expect(facts.statuses[fleet.name(1)] == "deleted")
        try await Invariants.checkWarehouse(fleet)

        let final = try fleet.startDaemon(removalGrace: "0s")
        try await Invariants.deleteAllAndCheck(&fleet, daemon: final)
        #expect(try await final.stop() == 0)
        await fleet.scrub()
    }

    /// Many files, many rounds: each round removes every file and puts each back after a random
    /// delay well inside the grace period, while reloads (a rescan that lists the folder at any
    /// moment) and `steward list` readers run. No file may ever be deleted. The long form runs
    /// 1,000 such removals (`Deploy/dev/fault-suite.sh --long`).
    @Test func filesBackWithinTheGracePeriodAreNeverDeleted() async throws {
        let scale = FaultScale.current
        let seed = FaultScale.seed
        print("STEWARD_FAULT_SEED=\(seed) (removal grace)")
        var random = SeededRandom(seed: seed)
        let server = try await TestPostgres.shared.start()
        var fleet = try FaultFleet(server: server, size: scale.graceFiles, prefix: "fr")
        let grace = Duration.seconds(4)
        let daemon = try fleet.startDaemon(removalGrace: "4s")
        for index in 0..<fleet.size { try fleet.create(index, impersonation: index % 3 == 0) }
        try await Invariants.waitForConvergence(fleet)

        // The whole plan is drawn up front, so a seed replays it.
        let files = (0..<fleet.size).map { (name: fleet.name($0), text: fleet.specText($0, fleet.desired[$0] ?? .init())) }
        let rounds = (0..<scale.graceRounds).map { _ in
            (delays: files.indices.map { _ in random.milliseconds(0...1000) }, pause: random.milliseconds(100...1200))
        }
        let (specs, state) = (fleet.specs, fleet.state)
        let reloads = Task {
            var reloadRandom = SeededRandom(seed: seed &+ 1)
            while !Task.isCancelled {
                try? await Task.sleep(for: reloadRandom.milliseconds(300...900))
                daemon.signal(SIGHUP)
                _ = try? Invariants.list(state)
            }
        }
        let absences = try await DedicatedThread.run {
            var absences: [Duration] = []
            for round in rounds {
                let removed = ContinuousClock.now
                for file in files { try FaultFleet.removeFile(specs: specs, name: file.name) }
                for (index, delay) in round.delays.enumerated().sorted(by: { $0.element < $1.element }) {
                    let wait = delay - (ContinuousClock.now - removed)
                    if wait > .zero { DedicatedThread.sleep(wait) }
                    try FaultFleet.writeFile(specs: specs, name: files[index].name, text: files[index].text)
                    absences.append(ContinuousClock.now - removed)
                }
                DedicatedThread.sleep(round.pause)
            }
            return absences
        }
        reloads.cancel()
        let longest = absences.max() ?? .zero
        try #require(longest < grace / 2, "the test's own thread kept a file away for \(longest): the scenario did not happen")
        // Long enough for any grace period started in the last round to run out.
        try await Task.sleep(for: grace + .seconds(2))
        try await Invariants.waitForConvergence(fleet)
        #expect(try await daemon.stop() == 0)
        let facts = try Invariants.checkStore(fleet.state)
        let deleted = facts.transitions.filter { $0.value.contains { $0.to == "deleting" } }.keys.sorted()
        #expect(deleted.isEmpty, "files back within the grace period were deleted: \(deleted)")
        try await Invariants.checkWarehouse(fleet)
        FaultFigures.print("removal-grace", [
            "files": "\(fleet.size)", "rounds": "\(rounds.count)", "removals": "\(absences.count)",
            "longest_absence": FaultFigures.seconds(longest), "grace": FaultFigures.seconds(grace),
            "deletions_of_present_files": "\(deleted.count)",
        ])

        let final = try fleet.startDaemon(removalGrace: "0s")
        try await Invariants.deleteAllAndCheck(&fleet, daemon: final)
        #expect(try await final.stop() == 0)
        await fleet.scrub()
    }
}
