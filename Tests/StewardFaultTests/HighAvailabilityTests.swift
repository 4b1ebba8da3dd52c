import Foundation
import StewardTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// High availability: three `steward run` daemons (`host-a`, `host-b`, `host-c`) share one
/// PostgreSQL status database; one leads through the lease row `steward_leader`, every store
/// write is fenced by its term, and the others take over when it goes. Each test starts its own
/// ``HAFleet`` (a fresh store database and role, three folders and state directories, one set of
/// integrations on the statement-logging warehouse) and checks the invariants of
/// `HighAvailabilityChecks.swift` after every fault, with reads on the followers throughout.
///
/// Serialized: one test stops and cuts off the store's server, which the others use, and three
/// daemons per test are what a small machine can run next to the rest of the suite.
@Suite(.serialized) struct HighAvailabilityTests {
    /// Which operation the leader is killed in the middle of.
    enum Phase: String, CaseIterable {
        case create, edit, delete

        /// The status that shows the operation under way.
        var status: String {
            switch self {
            case .create: "creating"
            case .edit: "editing"
            case .delete: "deleting"
            }
        }
    }

    /// `kill -9` of the leader in the middle of creations, edits and deletions (rounds of three
    /// kills: 3 in the short form, 20 in the long), the killed daemon started again after each
    /// takeover. After every kill: a new leader in a higher term, reads answered by the
    /// followers (with no leader too), every integration converged as its files say, no
    /// duplicate or orphan in the warehouse, and every transition path unbroken along the
    /// lifecycle graph. Prints the time from the kill to the new leader's first transition
    /// (median of the kills after which there was something left to do).
    @Test func leaderKilledMidCreateMidEditAndMidDelete() async throws {
        let scale = FaultScale.current
        let seed = FaultScale.seed
        var random = SeededRandom(seed: seed)
        print("ha leader kills: STEWARD_FAULT_SEED=\(seed) replays this run")
        try await HAFleet.with(size: scale.haIntegrations, prefix: "hk") { fleet in
            var failovers: [Double] = []
            var takeovers: [Double] = []
            var caughtMidOperation = 0
            var kills = 0
            var reads = 0
            var lastFacts = HAStoreFacts()
            for round in 0..<scale.leaderKillRounds {
                for phase in Phase.allCases {
                    switch phase {
                    case .create:
                        for index in 0..<fleet.model.size { try fleet.create(index, impersonation: Bool.random(using: &random)) }
                    case .edit:
                        for index in 0..<fleet.model.size { try fleet.edit(index, using: &random) }
                    case .delete:
                        try fleet.deleteAll()
                    }
                    // The kill comes once some integration shows the operation under way (or
                    // after 5 s: a fast machine may finish first, which the figures show).
                    let caught = try await fleet.waitForAnyIntegration(in: [phase.status], within: .seconds(5))
                    if caught { caughtMidOperation += 1 }
                    let (leader, term) = try await fleet.waitForLeader()
                    let killedAt = try await fleet.kill9(leader)
                    kills += 1
                    // Every row of the dead leader is in now; the next one is the new leader's.
                    let baseline = try await fleet.lastTransitionID()
                    // Reads do not need a leader.
                    reads += try await fleet.followerReads(leaderKnown: false)
                    let (successor, _) = try await fleet.waitForLeader(excluding: leader, above: term)
                    takeovers.append(Date().timeIntervalSince(killedAt))
                    #expect(successor != leader)
                    try fleet.start(leader)
                    if let first = try await fleet.waitForFirstTransition(after: baseline) {
                        failovers.append(first.timeIntervalSince(killedAt))
                    }
                    try await fleet.waitConverged()
                    lastFacts = try await fleet.checkConverged()
                    reads += try await fleet.followerReads()
                    fleet.expectAllAlive("round \(round), after the kill mid-\(phase.rawValue) (seed \(seed))")
                }
            }

            let statuses = try await fleet.stopAll()
            for (member, status) in statuses.sorted(by: { $0.key < $1.key }) {
                #expect(status == 0, "\(member) exited with \(status) on SIGTERM")
            }
            lastFacts = try await fleet.checkStore()
            FaultFigures.print("ha-failover", [
                "seed": "\(seed)", "integrations": "\(fleet.model.size)", "kills": "\(kills)",
                "caught_mid_operation": "\(caughtMidOperation)",
                "failover_median": median(failovers).map { String(format: "%.2fs", $0) } ?? "none",
                "failover_max": failovers.max().map { String(format: "%.2fs", $0) } ?? "none",
                "failovers_measured": "\(failovers.count)",
                "new_leader_median": median(takeovers).map { String(format: "%.2fs", $0) } ?? "none",
                "lease": fleet.lease, "transitions": "\(lastFacts.total)", "error_transitions": "\(lastFacts.errors)",
                "notes": "\(lastFacts.notes)", "follower_reads": "\(reads)",
            ])
        }
    }
}

extension HAFleet {
    /// Polls the store (every 10 ms) until some integration of this fleet has one of
    /// `statuses`; false after `within`.
    func waitForAnyIntegration(in statuses: [String], within: Duration) async throws -> Bool {
        let deadline = ContinuousClock.now + within
        while ContinuousClock.now < deadline {
            if try await anyIntegration(in: statuses) { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return false
    }
}
