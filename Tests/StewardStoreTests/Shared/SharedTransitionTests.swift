import Foundation
import StewardSpec
import StewardStore
import Testing

/// The shared store records integrations and their transitions as the SQLite store does
/// (`TransitionTests`): every change of status has exactly one transition row, written with it.
@Suite struct SharedTransitionTests {
    struct UpdateFailed: Error {}

    @Test func createWritesTheRecordAndItsFirstTransition() async throws {
        let database = try await SharedDatabase.make()
        let clock = TestClock()
        let (store, _) = try await database.openAsLeader(clock: clock)
        let uid = UUID()
        var new = NewIntegration.sample()
        new.uid = uid
        new.validationResults = ValidationResults(validationTests: [ValidationTest(name: "first", status: .skipped, result: ["a", nil])])

        let record = try await store.create(new, reason: .created, message: "spec file analytics.yaml found")

        #expect(record.name == "analytics")
        #expect(record.uid == uid)
        #expect(record.status == .creating)
        #expect(record.credentialReference == .file(path: "/etc/steward/secrets/admin"))
        #expect(record.desiredConfig == new.desiredConfig, "JSON is returned exactly as written")
        #expect(record.validationResults == new.validationResults)
        #expect(record.createdAt == clock.now())
        #expect(record.updatedAt == clock.now())
        #expect(record.enabledAt == nil)
        #expect(record.displayID == String(record.id))
        #expect(try await store.record(named: "analytics") == record)
        #expect(try await store.record(id: record.id) == record)

        let history = try await store.transitions(integrationId: record.id)
        #expect(history.count == 1)
        #expect(history.first?.fromStatus == nil)
        #expect(history.first?.toStatus == .creating)
        #expect(history.first?.reason == .created)
        #expect(history.first?.message == "spec file analytics.yaml found")
        #expect(history.first?.at == clock.now())
    }

    @Test func createRefusesAFirstStatusTheLifecycleDoesNotStartAt() async throws {
        let database = try await SharedDatabase.make()
        let (store, _) = try await database.openAsLeader()
        var new = NewIntegration.sample()
        new.status = .enabled
        let error = await #expect(throws: StoreError.self) { try await store.create(new) }
        #expect(error?.code == .illegalTransition)
        #expect(error?.message.contains("cannot go from no record to enabled") == true)
        #expect(try await store.allRecords().isEmpty)

        // A taken name is reported first, as the SQLite store does.
        let first = try await store.create(.sample())
        let taken = await #expect(throws: StoreError.self) { try await store.create(new) }
        #expect(taken?.code == .alreadyExists)
        #expect(try await store.transitions(integrationId: first.id).count == 1)
    }

    @Test func datesComeBackAsStoredToTheMicrosecond() async throws {
        let database = try await SharedDatabase.make()
        let clock = TestClock(Date(timeIntervalSince1970: 1_750_000_000.123456))
        let (store, _) = try await database.openAsLeader(clock: clock)
        let created = try await store.create(.sample())
        #expect(abs(created.createdAt.timeIntervalSince(clock.now())) < 0.000_001)
        let next = Date(timeIntervalSince1970: 1_750_000_123.987654)
        let updated = try await store.update(id: created.id) { $0.nextAttemptAt = next }
        #expect(abs((updated.nextAttemptAt ?? .distantPast).timeIntervalSince(next)) < 0.000_001)
        #expect(try await store.record(id: created.id) == updated)
        // A record read back and written again keeps its dates exactly.
        let again = try await store.update(id: created.id) { _ in }
        #expect(again == updated)
    }

    @Test func noteRecordsAnEventThatKeepsTheStatus() async throws {
        let database = try await SharedDatabase.make()
        let clock = TestClock()
        let (store, _) = try await database.openAsLeader(clock: clock)
        let record = try await store.create(.sample())
        try await store.transition(id: record.id, to: .enabled, reason: .applied)
        clock.advance(seconds: 5)
        let noted = try await store.note(id: record.id, reason: .driftRepaired, message: "Create schema immuta_functions")
        #expect(noted.status == .enabled)
        #expect(noted.updatedAt == clock.now())
        #expect(try await store.record(id: record.id) == noted)
        let last = try #require(try await store.transitions(integrationId: record.id).last)
        #expect(last.fromStatus == .enabled)
        #expect(last.toStatus == .enabled)
        #expect(last.reason == .driftRepaired)
        #expect(last.message == "Create schema immuta_functions")
        #expect(last.at == clock.now())

        let error = await #expect(throws: StoreError.self) { try await store.note(id: 42_000, reason: .driftRepaired) }
        #expect(error?.code == .notFound)
        #expect(error?.message == "No Integration found with ID 42000.")
    }

    @Test func createRefusesATakenName() async throws {
        let database = try await SharedDatabase.make()
        let (store, _) = try await database.openAsLeader()
        let first = try await store.create(.sample())
        let error = await #expect(throws: StoreError.self) { try await store.create(.sample()) }
        #expect(error?.code == .alreadyExists)
        #expect(error?.message.contains("id = \(first.id)") == true)
        #expect(try await store.transitions(integrationId: first.id).count == 1)
        #expect(try await store.allRecords().count == 1)
    }

    @Test func transitionUpdatesAndRecordsTheChange() async throws {
        let database = try await SharedDatabase.make()
        let clock = TestClock()
        let (store, _) = try await database.openAsLeader(clock: clock)
        let created = try await store.create(.sample())
        clock.advance(seconds: 30)

        let results = ValidationResults(validationTests: [
            ValidationTest(name: "Initial Validation: Basic Connection Test", status: .passed),
        ])
        let enabled = try await store.transition(id: created.id, to: .enabled, reason: .applied, message: "applied 7 steps") {
            $0.appliedConfig = $0.desiredConfig
            $0.appliedDigest = $0.specDigest
            $0.validationResults = results
        }

        #expect(enabled.status == .enabled)
        #expect(enabled.appliedConfig == created.desiredConfig)
        #expect(enabled.validationResults == results)
        #expect(enabled.updatedAt == clock.now())
        #expect(enabled.enabledAt == clock.now())
        #expect(enabled.createdAt == created.createdAt)
        #expect(try await store.record(id: created.id) == enabled)

        let history = try await store.transitions(integrationId: created.id)
        #expect(history.map(\.toStatus) == [.creating, .enabled])
        #expect(history.last?.fromStatus == .creating)
        #expect(history.last?.reason == .applied)
        #expect(history.last?.message == "applied 7 steps")
        #expect(history.last?.at == clock.now())
    }

    @Test func aThrowingUpdateWritesNothing() async throws {
        let database = try await SharedDatabase.make()
        let (store, _) = try await database.openAsLeader()
        let created = try await store.create(.sample())

        await #expect(throws: UpdateFailed.self) {
            try await store.transition(id: created.id, to: .createError, reason: .connectionFailed) {
                $0.lastError = "could not connect"
                $0.attempts += 1
                throw UpdateFailed()
            }
        }
        await #expect(throws: UpdateFailed.self) {
            try await store.update(id: created.id) { record in
                record.lastError = "never stored"
                throw UpdateFailed()
            }
        }
        try await store.transition(id: created.id, to: .deleting, reason: .fileRemoved)
        let deleted = try await store.transition(id: created.id, to: .deleted, reason: .deleted)
        await #expect(throws: UpdateFailed.self) {
            try await store.reopen(name: "analytics", newUID: UUID()) { _ in throw UpdateFailed() }
        }

        #expect(try await store.record(id: created.id) == deleted)
        #expect(try await store.transitions(integrationId: created.id).count == 3)
        // The connection is usable after the rollbacks.
        #expect(try await store.update(id: created.id) { $0.lastError = "stored" }.lastError == "stored")
    }

    @Test func anUnchangedStatusWritesNoTransition() async throws {
        let database = try await SharedDatabase.make()
        let clock = TestClock()
        let (store, _) = try await database.openAsLeader(clock: clock)
        let created = try await store.create(.sample())
        clock.advance(seconds: 1)

        let retried = try await store.transition(id: created.id, to: .creating, reason: .connectionFailed) {
            $0.attempts += 1
            $0.nextAttemptAt = clock.now().addingTimeInterval(2)
        }
        let updated = try await store.update(id: created.id) { $0.lastError = "timeout" }

        #expect(retried.attempts == 1)
        #expect(retried.nextAttemptAt == clock.now().addingTimeInterval(2))
        #expect(updated.lastError == "timeout")
        #expect(updated.status == .creating)
        #expect(updated.updatedAt == clock.now())
        #expect(try await store.transitions(integrationId: created.id).count == 1)
    }

    @Test func unknownIdsAreReportedInTheSeedsWords() async throws {
        let database = try await SharedDatabase.make()
        let (store, _) = try await database.openAsLeader()
        #expect(try await store.record(id: 42) == nil)
        #expect(try await store.record(named: "nothing") == nil)
        let error = await #expect(throws: StoreError.self) {
            try await store.transition(id: 42, to: .enabled, reason: .applied)
        }
        #expect(error?.code == .notFound)
        #expect(error?.message == "No Integration found with ID 42.")
        let updateError = await #expect(throws: StoreError.self) { try await store.update(id: 42) { _ in } }
        #expect(updateError?.code == .notFound)
    }

    @Test func reopenKeepsIdAndHistoryWithANewUID() async throws {
        let database = try await SharedDatabase.make()
        let (store, _) = try await database.openAsLeader()
        let created = try await store.create(.sample())
        try await store.transition(id: created.id, to: .enabled, reason: .applied) {
            $0.appliedConfig = $0.desiredConfig
            $0.appliedDigest = "sha256:1"
            $0.lastError = "old"
            $0.specErrors = ["old"]
            $0.attempts = 3
            $0.nextAttemptAt = Date(timeIntervalSince1970: 1_750_000_100)
        }
        try await store.transition(id: created.id, to: .deleting, reason: .fileRemoved)
        try await store.transition(id: created.id, to: .deleted, reason: .deleted)

        let newUID = UUID()
        let reopened = try await store.reopen(name: "analytics", newUID: newUID) { $0.specDigest = "sha256:2" }

        #expect(reopened.id == created.id)
        #expect(reopened.uid == newUID)
        #expect(reopened.status == .creating)
        #expect(reopened.appliedConfig == nil)
        #expect(reopened.appliedDigest == nil)
        #expect(reopened.validationResults == nil)
        #expect(reopened.lastError == nil)
        #expect(reopened.specErrors == nil)
        #expect(reopened.attempts == 0)
        #expect(reopened.nextAttemptAt == nil)
        #expect(reopened.enabledAt == nil)
        #expect(reopened.specDigest == "sha256:2")
        #expect(try await store.record(id: created.id) == reopened)
        let history = try await store.transitions(integrationId: created.id)
        #expect(history.map(\.toStatus) == [.creating, .enabled, .deleting, .deleted, .creating])
        #expect(history.last?.reason == .fileReappeared)
    }

    @Test func reopenRefusesAnActiveIntegration() async throws {
        let database = try await SharedDatabase.make()
        let (store, _) = try await database.openAsLeader()
        let created = try await store.create(.sample())
        let error = await #expect(throws: StoreError.self) { try await store.reopen(name: "analytics", newUID: UUID()) }
        #expect(error?.code == .invalidState)
        #expect(error?.message == "Unable to reopen integration with ID \(created.id) in current state creating.")
        #expect(try await store.record(id: created.id) == created)
        let missing = await #expect(throws: StoreError.self) { try await store.reopen(name: "nothing", newUID: UUID()) }
        #expect(missing?.code == .notFound)
    }

    @Test func findsTheIntegrationAlreadyOnAHost() async throws {
        let database = try await SharedDatabase.make()
        let (store, _) = try await database.openAsLeader()
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

    @Test func allRecordsAreOrderedByName() async throws {
        let database = try await SharedDatabase.make()
        let (store, _) = try await database.openAsLeader()
        for name in ["zeta", "alpha", "Mid", "mid"] {
            try await store.create(.sample(name: name, host: "\(name).example.com"))
        }
        // Byte order, as SQLite orders text (not the database's collation).
        #expect(try await store.allRecords().map(\.name) == ["Mid", "alpha", "mid", "zeta"])
    }

    @Test func countsStatusesAndFindsTheNextAttempt() async throws {
        let database = try await SharedDatabase.make()
        let clock = TestClock()
        let (store, _) = try await database.openAsLeader(clock: clock)
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

    @Test func keepsMetaValues() async throws {
        let database = try await SharedDatabase.make()
        let (store, _) = try await database.openAsLeader()
        #expect(try await store.meta("lastResync") == nil)
        try await store.setMeta("lastResync", "2025-06-15T10:00:00Z")
        try await store.setMeta("lastResync", "2025-06-15T10:10:00Z")
        try await store.setMeta("other", "x")
        #expect(try await store.meta("lastResync") == "2025-06-15T10:10:00Z")
        #expect(try await store.meta("other") == "x")
    }

    @Test func storesAnInvalidFileWithItsErrors() async throws {
        let database = try await SharedDatabase.make()
        let (store, _) = try await database.openAsLeader()
        let new = NewIntegration(
            name: "broken", status: .createError, host: "", port: 0, database: "", systemUser: "",
            autoBootstrap: false, deletionPolicy: .retain, specErrors: ["config.host: required"],
            lastError: "the spec file is not valid")
        let record = try await store.create(new, reason: .specInvalid)
        #expect(record.specErrors == ["config.host: required"])
        #expect(record.deletionPolicy == .retain)
        #expect(record.credentialReference == nil)
        #expect(try await store.transitions(integrationId: record.id).first?.toStatus == .createError)
    }

    @Test func reportsAValueTheSchemaForbidsWithoutPrintingIt() async throws {
        let database = try await SharedDatabase.make()
        let (store, _) = try await database.openAsLeader()
        var new = NewIntegration.sample()
        new.port = 70_000
        new.desiredConfig = #"{"note":"CANARY-argument-7d1f"}"#
        let error = await #expect(throws: StoreError.self) { try await store.create(new) }
        #expect(error?.code == .constraintViolated)
        #expect(error?.description.contains("CANARY-argument-7d1f") == false)

        var notJSON = NewIntegration.sample()
        notJSON.desiredConfig = "not json CANARY-argument-8e2a"
        let jsonError = await #expect(throws: StoreError.self) { try await store.create(notJSON) }
        #expect(jsonError?.code == .constraintViolated)
        #expect(jsonError?.description.contains("CANARY-argument-8e2a") == false)
        #expect(try await store.allRecords().isEmpty)
        #expect(try await database.query("SELECT id FROM steward_transition").rows.isEmpty)
    }
}
