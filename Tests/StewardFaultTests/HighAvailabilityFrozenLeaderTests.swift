import Foundation
import StewardTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

extension HighAvailabilityTests {
    /// The leader frozen (SIGSTOP) past its lease: another daemon takes over in a higher term and
    /// applies a new file every host has. While it is frozen, the frozen host's folder alone
    /// gets a new file and an edit (what it alone would act on when it wakes). Continued
    /// (SIGCONT), the old leader steps down (`leader-lost` or `store-fenced` in its log) and
    /// nothing it tries is written:
    /// - in the store: no transition row at all after the takeover's work was done (the
    ///   transition table has no term column, so the rows before and after are compared; the
    ///   new leader has nothing left to do meanwhile), no record of the new file, the edited
    ///   record's spec unchanged;
    /// - in the warehouse: no statement that changes anything in a session of this fleet's
    ///   integrations (`application_name` `steward/NAME`, from the statement log), no database
    ///   or role of the new file or the edit.
    /// Then the hosts' folders agree again and everything converges and is deleted.
    @Test func frozenLeaderStepsDownAndWritesNothing() async throws {
        // A lease of 3 s: frozen well past it, and long enough that the new leader, busy on a
        // small machine, keeps it while the old one wakes.
        try await HAFleet.with(size: 4, prefix: "hz", lease: "3s") { fleet in
            let statementLog = try StatementLog(fleet.warehouse)
            try fleet.create(0, impersonation: true)
            try fleet.create(1, impersonation: false)
            try await fleet.waitConverged()
            try await fleet.checkConverged()

            let (old, term) = try await fleet.waitForLeader()
            let oldName = fleet.members[old].name
            let frozenAt = ContinuousClock.now
            fleet.sigstop(old)
            let (successor, newTerm) = try await fleet.waitForLeader(excluding: old, above: term)
            let takeover = ContinuousClock.now - frozenAt

            // What only the frozen host sees: a new integration (2) and an edit of 1.
            let bait = (new: 2, edited: 1)
            let baitRoles = [fleet.model.impersonationRole(bait.new, variant: 900), fleet.model.impersonationRole(bait.edited, variant: 901)]
            try fleet.writeOnly(old, bait.new, text: fleet.model.specText(bait.new, FaultFleet.Desired(impersonation: 900)))
            try fleet.writeOnly(old, bait.edited, text: fleet.model.specText(bait.edited, FaultFleet.Desired(impersonation: 901)))
            // What every host sees, and the new leader applies while the old one is frozen.
            try fleet.create(3, impersonation: true)
            try await fleet.waitConverged()
            try await fleet.checkConverged()
            // The frozen host's own config answers reads too: the commands read the shared store.
            let reads = try await fleet.followerReads(also: [old])

            let before = try await fleet.storeFacts()
            let statementsFrom = try statementLog.offset()
            let continuedAtStore = try await fleet.storeNow()
            let logFrom = fleet.logOffset(old)
            let continuedAt = ContinuousClock.now
            fleet.sigcont(old)

            // It steps down, and runs on as a follower (a heartbeat after it was continued).
            try await waitUntil(timeout: .seconds(60)) {
                fleet.events(old, since: logFrom).contains { $0 == "leader-lost" || $0 == "store-fenced" }
            }
            let stepDown = ContinuousClock.now - continuedAt
            try await waitUntil(timeout: .seconds(60)) { try await fleet.heartbeatsSince(continuedAtStore).contains(oldName) }
            let events = fleet.events(old, since: logFrom)
            #expect(!events.contains("leader-acquired"), "\(oldName) led again after it was continued: \(events)")
            let current = try await fleet.leader()
            #expect(current?.member == successor && current?.term == newTerm,
                    "the lease moved after the old leader woke: \(String(describing: current)), want \(fleet.members[successor].name) in \(newTerm)")

            // The store: nothing written since the new leader's work was done.
            let after = try await fleet.storeFacts()
            let added = after.allTransitions.filter { row in !before.allTransitions.contains { $0.id == row.id } }
            #expect(added.isEmpty, "transitions written after the old leader woke: \(added)")
            #expect(after.statuses[fleet.model.name(bait.new)] == nil,
                    "the frozen host's own file got a record: \(after.statuses[fleet.model.name(bait.new)] ?? "")")
            #expect(after.specs[fleet.model.name(bait.edited)] == before.specs[fleet.model.name(bait.edited)],
                    "the frozen host's own edit was recorded")
            #expect(after.statuses == before.statuses)

            // The warehouse: no statement of this fleet's sessions changed anything.
            let statements = try statementLog.statements(since: statementsFrom)
                .filter { $0.application.hasPrefix("steward/" + fleet.namePrefix) }
            let writes = statements.filter(\.isWrite)
            let shown = writes.prefix(20).map(\.description).joined(separator: "\n")
            #expect(writes.isEmpty, "statements that change something after the old leader woke:\n\(shown)")
            #expect(!(try await Catalog.databaseExists(fleet.warehouse, fleet.model.database(bait.new))))
            for role in baitRoles { #expect(!(try await Catalog.roleExists(fleet.warehouse, role)), "role \(role) was made") }
            #expect(!(try await Catalog.roleExists(fleet.warehouse, fleet.model.systemAccount(bait.new))))

            // The folders agree again: nothing changes, since they say what the store holds.
            try fleet.restoreFolder(old, bait.new)
            try fleet.restoreFolder(old, bait.edited)
            try await fleet.waitConverged()
            try await fleet.checkConverged()
            try fleet.deleteAll()
            try await fleet.waitConverged()
            let facts = try await fleet.checkConverged()
            fleet.expectAllAlive("the end")
            let statuses = try await fleet.stopAll()
            for (member, status) in statuses.sorted(by: { $0.key < $1.key }) {
                #expect(status == 0, "\(member) exited with \(status) on SIGTERM")
            }
            FaultFigures.print("ha-frozen-leader", [
                "lease": fleet.lease, "takeover_after_freeze": FaultFigures.seconds(takeover),
                "step_down_after_continue": FaultFigures.seconds(stepDown),
                "fenced_events": "\(events.filter { $0 == "store-fenced" }.count)",
                "statements_after_continue": "\(statements.count)", "follower_reads": "\(reads)",
                "transitions": "\(facts.total)",
            ])
        }
    }
}
