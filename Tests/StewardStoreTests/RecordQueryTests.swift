import Foundation
import StewardStore
import Testing

/// What the store reads back: the records on a host, in name order, counted by status, the next
/// attempt due, meta values and dates as stored. On both stores.
@Suite struct RecordQueryTests {
    @Test(arguments: StoreBackend.allCases)
    func findsTheIntegrationAlreadyOnAHost(_ backend: StoreBackend) async throws {
        let opened = try await backend.open()
        let store = opened.store
        let host = "examplecluster.abc123.us-east-1.redshift.amazonaws.com"
        let first = try await store.create(.sample(name: "analytics", host: host))
        try await store.create(.sample(name: "other-port", host: host, port: 5440))
        let second = try await store.create(.sample(name: "later", host: host))

        #expect(try await store.activeRecords(port: 5439, excludingName: "x").map(\.id) == [first.id, second.id])
        let conflict = try await store.activeRecord(host: host.uppercased(), port: 5439, excludingName: "second")
        #expect(conflict?.id == first.id)
        #expect(try await store.activeRecord(host: host, port: 5439, excludingName: "analytics")?.id == second.id)
        #expect(try await store.activeRecord(host: "elsewhere.example.com", port: 5439, excludingName: "second") == nil)

        try await store.transition(id: first.id, to: .disabled, reason: .retained)
        try await store.transition(id: second.id, to: .disabled, reason: .retained)
        #expect(try await store.activeRecord(host: host, port: 5439, excludingName: "second") == nil)
    }

    @Test(arguments: StoreBackend.allCases)
    func allRecordsAreOrderedByName(_ backend: StoreBackend) async throws {
        let opened = try await backend.open()
        let store = opened.store
        for name in ["zeta", "alpha", "Mid", "mid"] {
            try await store.create(.sample(name: name, host: "\(name).example.com"))
        }
        // Byte order, as SQLite orders text (not the PostgreSQL database's collation).
        #expect(try await store.allRecords().map(\.name) == ["Mid", "alpha", "mid", "zeta"])
    }

    @Test(arguments: StoreBackend.allCases)
    func countsStatusesAndFindsTheNextAttempt(_ backend: StoreBackend) async throws {
        let clock = TestClock()
        let opened = try await backend.open(clock: clock)
        let store = opened.store
        #expect(try await store.statusCounts() == [:])
        #expect(try await store.earliestNextAttempt(after: clock.now()) == nil)
        for name in ["a", "b", "c", "d"] {
            try await store.create(.sample(name: name, host: "\(name).example.com"))
        }
        let a = try #require(try await store.record(named: "a"))
        let b = try #require(try await store.record(named: "b"))
        let c = try #require(try await store.record(named: "c"))
        let d = try #require(try await store.record(named: "d"))
        try await store.transition(id: b.id, to: .enabled, reason: .applied)
        #expect(try await store.statusCounts() == [.creating: 3, .enabled: 1])

        let now = clock.now()
        try await store.update(id: a.id) { $0.nextAttemptAt = now.addingTimeInterval(-10) }
        try await store.update(id: c.id) { $0.nextAttemptAt = now.addingTimeInterval(40) }
        try await store.update(id: d.id) { $0.nextAttemptAt = now.addingTimeInterval(20) }
        #expect(try await store.earliestNextAttempt(after: now) == now.addingTimeInterval(20))
        try await store.transition(id: d.id, to: .disabled, reason: .retained)
        #expect(try await store.earliestNextAttempt(after: now) == now.addingTimeInterval(40))
        #expect(try await store.earliestNextAttempt(after: now.addingTimeInterval(40)) == nil)
    }

    @Test(arguments: StoreBackend.allCases)
    func keepsMetaValues(_ backend: StoreBackend) async throws {
        let opened = try await backend.open()
        let store = opened.store
        #expect(try await store.meta("lastResync") == nil)
        try await store.setMeta("lastResync", "2025-06-15T10:00:00Z")
        try await store.setMeta("lastResync", "2025-06-15T10:10:00Z")
        try await store.setMeta("other", "x")
        #expect(try await store.meta("lastResync") == "2025-06-15T10:10:00Z")
        #expect(try await store.meta("other") == "x")
    }

    /// Each database keeps dates to its own precision (`StoreBackend.datePrecision`: SQLite's
    /// text to the millisecond, PostgreSQL's `timestamptz` to the microsecond), so the dates are
    /// compared to that precision; a record read back and written again keeps them exactly.
    @Test(arguments: StoreBackend.allCases)
    func datesComeBackAsStoredToTheDatabasesPrecision(_ backend: StoreBackend) async throws {
        let clock = TestClock(Date(timeIntervalSince1970: 1_750_000_000.123456))
        let opened = try await backend.open(clock: clock)
        let store = opened.store
        let created = try await store.create(.sample())
        #expect(abs(created.createdAt.timeIntervalSince(clock.now())) < backend.datePrecision)
        let next = Date(timeIntervalSince1970: 1_750_000_123.987654)
        let updated = try await store.update(id: created.id) { $0.nextAttemptAt = next }
        #expect(abs((updated.nextAttemptAt ?? .distantPast).timeIntervalSince(next)) < backend.datePrecision)
        #expect(try await store.record(id: created.id) == updated)
        let again = try await store.update(id: created.id) { _ in }
        #expect(again == updated)
    }
}
