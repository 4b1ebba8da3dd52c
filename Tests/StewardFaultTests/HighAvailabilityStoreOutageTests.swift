import Foundation
import StewardTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

extension HighAvailabilityTests {
    /// The shared store goes away and comes back, three ways: its PostgreSQL crashed
    /// (immediate shutdown) and started again; the TCP proxy the daemons reach it through
    /// killed (every connection reset, new ones refused) and started again; the proxy frozen
    /// (every connection hangs, nothing is closed) and continued. Each outage lasts
    /// `FaultScale.storeOutage` (4 s short, 15 s long) and the files change during it. The
    /// daemons must wait and resume: none exits, a leader is back, everything converges to the
    /// files as they are after the outage, nothing lost, doubled or left behind, and the
    /// followers answer reads afterwards.
    @Test func storeRestartedAndCutOffWhileFilesChange() async throws {
        let scale = FaultScale.current
        let seed = FaultScale.seed
        var random = SeededRandom(seed: seed)
        print("ha store outage: STEWARD_FAULT_SEED=\(seed) replays this run")
        try await HAFleet.with(size: 8, prefix: "hs", storeProxy: true) { fleet in
            for index in 0..<3 { try fleet.create(index, impersonation: Bool.random(using: &random)) }
            try await fleet.waitConverged()
            try await fleet.checkConverged()
            var converged: [String: Duration] = [:]
            let first = try await fleet.waitForLeader()
            var terms = [first.term]
            var reads = 0

            // 1. The store's PostgreSQL crashes; a new file and an edit while it is down.
            try TestPostgres.stopServer(fleet.store, mode: .immediate)
            try fleet.create(3, impersonation: true)
            try fleet.edit(0, using: &random)
            try await Task.sleep(for: scale.storeOutage)
            fleet.expectAllAlive("the store's server down")
            try TestPostgres.startServer(fleet.store)
            converged["restart"] = try await fleet.waitConverged()
            terms.append(try await fleet.waitForLeader().term)
            try await fleet.checkConverged()
            reads += try await fleet.followerReads()

            // 2. The proxy killed: connections reset, new ones refused; a removal and a new file.
            fleet.stopProxy()
            try fleet.delete(1)
            try fleet.create(4, impersonation: false)
            try await Task.sleep(for: scale.storeOutage)
            fleet.expectAllAlive("the store cut off (connections refused)")
            try await fleet.startProxy()
            converged["cut"] = try await fleet.waitConverged()
            terms.append(try await fleet.waitForLeader().term)
            try await fleet.checkConverged()
            reads += try await fleet.followerReads()

            // 3. The proxy frozen: connections hang without closing; an edit and a new file.
            fleet.signalProxy(SIGSTOP)
            try fleet.edit(2, using: &random)
            try fleet.create(5, impersonation: true)
            try await Task.sleep(for: scale.storeOutage)
            fleet.expectAllAlive("the store cut off (connections hanging)")
            fleet.signalProxy(SIGCONT)
            converged["freeze"] = try await fleet.waitConverged()
            terms.append(try await fleet.waitForLeader().term)
            try await fleet.checkConverged()
            reads += try await fleet.followerReads()

            // Deletion after all that leaves nothing behind.
            try fleet.deleteAll()
            try await fleet.waitConverged()
            let facts = try await fleet.checkConverged()
            let statuses = try await fleet.stopAll()
            for (member, status) in statuses.sorted(by: { $0.key < $1.key }) {
                #expect(status == 0, "\(member) exited with \(status) on SIGTERM")
            }
            FaultFigures.print("ha-store-outage", [
                "seed": "\(seed)", "outage_length": FaultFigures.seconds(scale.storeOutage),
                "converged_after_restart": converged["restart"].map(FaultFigures.seconds) ?? "-",
                "after_cut": converged["cut"].map(FaultFigures.seconds) ?? "-",
                "after_freeze": converged["freeze"].map(FaultFigures.seconds) ?? "-",
                "terms": terms.map(String.init).joined(separator: ","), "follower_reads": "\(reads)",
                "transitions": "\(facts.total)", "error_transitions": "\(facts.errors)",
            ])
        }
    }
}
