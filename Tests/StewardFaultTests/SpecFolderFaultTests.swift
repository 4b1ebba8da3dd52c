import Foundation
import StewardTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The spec folder removed (`rm -rf`, files first, as a careless deploy would) and re-created
/// with the same files: a missing folder is an outage, never "every file was deleted", so
/// nothing is dropped in between and nothing changes once it is back.
@Suite struct SpecFolderFaultTests {
    @Test func theSpecFolderRemovedAndRecreatedDeletesNothing() async throws {
        let server = try await TestPostgres.shared.start()
        var fleet = try FaultFleet(server: server, size: 5, prefix: "ff")
        let grace = Duration.seconds(6)
        let daemon = try fleet.startDaemon(removalGrace: "6s")
        for index in 0..<fleet.size { try fleet.create(index, impersonation: index % 2 == 1) }
        try await Invariants.waitForConvergence(fleet)
        let before = try Invariants.readStore(fleet.state).total

        let kept = fleet.desired
        try FileManager.default.removeItem(atPath: fleet.specs)
        try await waitUntil { daemon.log.contains("steward.event=folder-unavailable") }
        daemon.signal(SIGHUP) // a reload while it is gone must not read "gone" as "empty" either
        try await Task.sleep(for: grace + .seconds(1)) // longer than the grace period
        #expect(kill(daemon.pid, 0) == 0)
        let during = try Invariants.list(fleet.state)
        for index in 0..<fleet.size {
            #expect(during[fleet.name(index)]?["status"] as? String == "enabled", "\(fleet.name(index)) changed while the folder was gone")
        }
        try await Invariants.checkWarehouse(fleet)

        // The folder comes back empty and is filled file by file, on a thread of its own (see
        // `DedicatedThread`): the files must be back within the grace period for this to be the
        // scenario, and the outage above lasted longer than that period.
        let specs = fleet.specs
        let texts = (0..<fleet.size).compactMap { index in kept[index].map { (fleet.name(index), fleet.specText(index, $0)) } }
        let refill = try await DedicatedThread.run {
            let started = ContinuousClock.now
            try FileManager.default.createDirectory(atPath: specs, withIntermediateDirectories: false)
            for (name, text) in texts { try FaultFleet.writeFile(specs: specs, name: name, text: text) }
            return ContinuousClock.now - started
        }
        try #require(refill < grace / 2, "the test's own thread needed \(refill) to put the files back: the scenario did not happen")
        try await waitUntil { daemon.log.contains("steward.reason=watch") }
        let back = try await Invariants.waitForConvergence(fleet)
        #expect(try await daemon.stop() == 0)
        let facts = try Invariants.checkStore(fleet.state)
        let deletions = facts.transitions.values.joined().filter { $0.to == "deleting" }.count
        #expect(deletions == 0, "an integration was deleted while its folder was away")
        try await Invariants.checkWarehouse(fleet)

        let final = try fleet.startDaemon()
        try await Invariants.deleteAllAndCheck(&fleet, daemon: final)
        #expect(try await final.stop() == 0)
        FaultFigures.print("spec-folder", [
            "integrations": "\(fleet.size)", "transitions_before": "\(before)", "transitions_after_return": "\(facts.total)",
            "deletions_while_away": "\(deletions)", "converged_after_return": FaultFigures.seconds(back),
        ])
        await fleet.scrub()
    }
}
