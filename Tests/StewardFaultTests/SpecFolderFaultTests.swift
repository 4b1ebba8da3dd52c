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
        let daemon = try fleet.startDaemon()
        for index in 0..<fleet.size { try fleet.create(index, impersonation: index % 2 == 1) }
        try await Invariants.waitForConvergence(fleet)
        let before = try Invariants.readStore(fleet.state).total

        let kept = fleet.desired
        try FileManager.default.removeItem(atPath: fleet.specs)
        try await waitUntil { daemon.log.contains("steward.event=folder-unavailable") }
        daemon.signal(SIGHUP) // a reload while it is gone must not read "gone" as "empty" either
        try await Task.sleep(for: .seconds(2))
        #expect(kill(daemon.pid, 0) == 0)
        let during = try Invariants.list(fleet.state)
        for index in 0..<fleet.size {
            #expect(during[fleet.name(index)]?["status"] as? String == "enabled", "\(fleet.name(index)) changed while the folder was gone")
        }
        try await Invariants.checkWarehouse(fleet)

        try FileManager.default.createDirectory(atPath: fleet.specs, withIntermediateDirectories: false)
        for index in 0..<fleet.size {
            if let wanted = kept[index] { try fleet.write(index, wanted) }
        }
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
