import Foundation
import Synchronization
import StewardSpec
import StewardStore
import StewardTestSupport
import StewardWarehouse
import Testing

/// Only the current leader writes: every write checks the writer's term in its own transaction,
/// and a refused write leaves every table as it was.
@Suite struct SharedFencingTests {
    /// Every write of the store, each expected to fail with `code` and to write nothing.
    static func expectEveryWriteRefused(_ store: SharedStatusStore, id: Int64, code: StoreError.Code,
                                        database: SharedDatabase) async throws {
        let before = try await database.snapshot()
        var new = NewIntegration.sample(name: "another", host: "another.example.com")
        new.uid = UUID()
        let writes: [(String, () async throws -> Void)] = [
            ("create", { try await store.create(new) }),
            ("transition", { try await store.transition(id: id, to: .enabled, reason: .applied) { $0.lastError = "no" } }),
            ("note", { try await store.note(id: id, reason: .driftRepaired, message: "no") }),
            ("update", { try await store.update(id: id) { $0.lastError = "no" } }),
            ("reopen", { try await store.reopen(name: "deleted-one", newUID: UUID()) }),
            ("recordIntent", { try await store.recordIntent(integrationId: id, kind: .role, name: "new_role") }),
            ("markCreated", { try await store.markCreated(integrationId: id, kind: .user, name: "intended_user") }),
            ("removeOwnedObject", { try await store.removeOwnedObject(integrationId: id, kind: .user, name: "intended_user") }),
            ("setMeta", { try await store.setMeta("lastResync", "never") }),
        ]
        for (name, write) in writes {
            do {
                try await write()
                Issue.record("\(name) was written, but \(code) was expected")
            } catch let error as StoreError {
                #expect(error.code == code, "\(name): \(error)")
            }
        }
        #expect(try await database.snapshot() == before, "a refused write changes nothing")
    }

    /// A record, a deleted one, an intent and a meta entry for the writes above to aim at.
    static func populate(_ store: SharedStatusStore) async throws -> Int64 {
        let record = try await store.create(.sample())
        let gone = try await store.create(.sample(name: "deleted-one", host: "gone.example.com"))
        try await store.transition(id: gone.id, to: .deleted, reason: .deleted)
        try await store.recordIntent(integrationId: record.id, kind: .user, name: "intended_user")
        try await store.setMeta("lastResync", "2025-06-15T10:00:00Z")
        return record.id
    }

    @Test func aStoreWithoutAWriterIsNotTheLeader() async throws {
        let database = try await SharedDatabase.make()
        let (leader, _) = try await database.openAsLeader()
        let id = try await Self.populate(leader)
        let reader = try await database.open(writer: nil)
        try await Self.expectEveryWriteRefused(reader, id: id, code: .notLeader, database: database)
        let error = await #expect(throws: StoreError.self) { try await reader.setMeta("k", "v") }
        #expect(error?.message.contains("not the leader") == true)
        // It reads.
        #expect(try await reader.record(id: id)?.name == "analytics")
        #expect(try await reader.meta("lastResync") == "2025-06-15T10:00:00Z")

        // A writer that knows it is not the leader (no term) is refused the same way.
        let stepped = try await database.open(writer: StoreWriter(current: { nil }))
        try await Self.expectEveryWriteRefused(stepped, id: id, code: .notLeader, database: database)
    }

    @Test func aWriterWhoseTermWasSupersededIsFenced() async throws {
        let database = try await SharedDatabase.make()
        let (old, lease) = try await database.openAsLeader(holder: "leader-a")
        let id = try await Self.populate(old)
        try await database.expireLease()
        let taken = try await old.leases.acquire(holder: "leader-b", leaseSeconds: 600)
        #expect(taken.isHeld(by: "leader-b"))
        #expect(taken.term == lease.term + 1)

        try await Self.expectEveryWriteRefused(old, id: id, code: .fenced, database: database)
        let error = await #expect(throws: StoreError.self) { try await old.update(id: id) { $0.lastError = "no" } }
        #expect(error?.message.contains("leadership term \(lease.term) is no longer current") == true)
        #expect(error?.message.contains("held by leader-b in term \(taken.term)") == true)

        // The new leader writes.
        let new = try await database.open(writer: StoreWriter(holder: "leader-b", term: taken.term))
        #expect(try await new.update(id: id) { $0.lastError = "yes" }.lastError == "yes")
        await #expect(throws: StoreError.self) { try await old.update(id: id) { $0.lastError = "no" } }
        #expect(try await new.record(id: id)?.lastError == "yes")
    }

    @Test func aWriterWhoseLeaseExpiredIsFenced() async throws {
        let database = try await SharedDatabase.make()
        let (store, lease) = try await database.openAsLeader(holder: "leader-a")
        let id = try await Self.populate(store)
        try await database.expireLease()

        try await Self.expectEveryWriteRefused(store, id: id, code: .fenced, database: database)
        let error = await #expect(throws: StoreError.self) { try await store.setMeta("k", "v") }
        #expect(error?.message.contains("expired") == true)
        #expect(try await store.leases.renew(holder: "leader-a", term: lease.term, leaseSeconds: 600) == nil)

        // Nobody took it: the same holder takes it again in the same term, and writes again.
        let again = try await store.leases.acquire(holder: "leader-a", leaseSeconds: 600)
        #expect(again.isHeld(by: "leader-a") && again.term == lease.term)
        try await store.setMeta("k", "v")
        #expect(try await store.meta("k") == "v")
    }

    @Test func aWriterWhoNeverHeldTheLeaseIsFenced() async throws {
        let database = try await SharedDatabase.make()
        let (leader, lease) = try await database.openAsLeader(holder: "leader-a")
        let id = try await Self.populate(leader)
        let impostor = try await database.open(writer: StoreWriter(holder: "leader-b", term: lease.term))
        try await Self.expectEveryWriteRefused(impostor, id: id, code: .fenced, database: database)
        let released = try await leader.leases.release(holder: "leader-a", term: lease.term)
        #expect(released)
        try await Self.expectEveryWriteRefused(leader, id: id, code: .fenced, database: database)
    }

    /// The fence's share lock on the lease row lasts until the write commits: a change of
    /// leader (here a release) waits for the writes already checked, so none of them can commit
    /// under a term that is no longer current.
    @Test func aChangeOfLeaderWaitsForTheWritesAlreadyChecked() async throws {
        let database = try await SharedDatabase.make()
        let (store, lease) = try await database.openAsLeader(holder: "leader-a")
        let writer = try await PGConnection.connect(database.parameters)
        defer { writer.close() }
        let fence = SQLStatement("SELECT steward_fence($1::text, $2::bigint)", parameters: ["leader-a", String(lease.term)])
        try await writer.pipeline([SQLStatement("BEGIN"), fence])

        let release = Task { try await store.leases.release(holder: "leader-a", term: lease.term) }
        try await waitUntil(timeout: .seconds(30)) {
            try await !database.query("""
                SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'
                """, [database.name]).isEmpty
        }
        try await writer.query("INSERT INTO steward_meta (key, value) VALUES ('during', 'the term')")
        try await writer.query("COMMIT")
        #expect(try await release.value)
        #expect(try await store.meta("during") == "the term")

        // Checked again now, the same term is refused.
        let refused = await #expect(throws: WarehouseError.self) { try await writer.pipeline([SQLStatement("BEGIN"), fence]) }
        #expect(refused?.sqlState == "SWF01")
        try await writer.query("ROLLBACK")
    }

    @Test func theWriterIsAskedAtEveryWrite() async throws {
        let database = try await SharedDatabase.make()
        let reader = try await database.open(writer: nil)
        let lease = try await reader.leases.acquire(holder: "leader-a", leaseSeconds: 600)
        let elector = Elector()
        let store = try await database.open(writer: StoreWriter(current: { elector.term }))
        await #expect(throws: StoreError.self) { try await store.setMeta("k", "1") }
        elector.term = lease.writerTerm(for: "leader-a")
        try await store.setMeta("k", "2")
        elector.term = nil
        let error = await #expect(throws: StoreError.self) { try await store.setMeta("k", "3") }
        #expect(error?.code == .notLeader)
        #expect(try await store.meta("k") == "2")
    }
}

/// What a leader election would tell the store.
private final class Elector: Sendable {
    private let current = Mutex<StoreWriter.Term?>(nil)
    var term: StoreWriter.Term? {
        get { current.withLock { $0 } }
        set { current.withLock { $0 = newValue } }
    }
}
