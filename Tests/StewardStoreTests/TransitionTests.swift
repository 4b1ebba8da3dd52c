import Foundation
import StewardSpec
import StewardStore
import Testing

/// Every change of status has exactly one transition row, written with the status.
@Suite struct TransitionTests {
    struct UpdateFailed: Error {}

    @Test func createWritesTheRecordAndItsFirstTransition() async throws {
        let directory = try TemporaryDirectory()
        let clock = TestClock()
        let store = try StatusStore.open(in: directory, clock: clock)
        let uid = UUID()
        var new = NewIntegration.sample()
        new.uid = uid

        let record = try await store.create(new, message: "spec file analytics.yaml found")

        #expect(record.name == "analytics")
        #expect(record.uid == uid)
        #expect(record.status == .creating)
        #expect(record.credentialReference == .file(path: "/etc/steward/secrets/admin"))
        #expect(record.createdAt == clock.now())
        #expect(record.displayID == String(record.id))
        #expect(try await store.record(named: "analytics") == record)
        #expect(try await store.record(id: record.id) == record)

        let history = try await store.transitions(integrationId: record.id)
        #expect(history.count == 1)
        #expect(history.first?.fromStatus == nil)
        #expect(history.first?.toStatus == .creating)
        #expect(history.first?.reason == .created)
        #expect(history.first?.message == "spec file analytics.yaml found")
    }

    @Test func noteRecordsAnEventThatKeepsTheStatus() async throws {
        let directory = try TemporaryDirectory()
        let store = try StatusStore.open(in: directory)
        let record = try await store.create(.sample())
        try await store.transition(id: record.id, to: .enabled, reason: .applied)
        let noted = try await store.note(id: record.id, reason: .driftRepaired, message: "Create schema immuta_functions")
        #expect(noted.status == .enabled)
        let last = try #require(try await store.transitions(integrationId: record.id).last)
        #expect(last.fromStatus == .enabled)
        #expect(last.toStatus == .enabled)
        #expect(last.reason == .driftRepaired)
        #expect(last.message == "Create schema immuta_functions")
    }

    @Test func createRefusesATakenName() async throws {
        let directory = try TemporaryDirectory()
        let store = try StatusStore.open(in: directory)
        let first = try await store.create(.sample())
        let error = await #expect(throws: StoreError.self) { try await store.create(.sample()) }
        #expect(error?.code == .alreadyExists)
        #expect(error?.message.contains("id = \(first.id)") == true)
        #expect(try await store.transitions(integrationId: first.id).count == 1)
    }

    @Test func transitionUpdatesAndRecordsTheChange() async throws {
        let directory = try TemporaryDirectory()
        let clock = TestClock()
        let store = try StatusStore.open(in: directory, clock: clock)
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
        #expect(history.last?.at == clock.now())
    }

    @Test func aThrowingUpdateWritesNothing() async throws {
        let directory = try TemporaryDirectory()
        let store = try StatusStore.open(in: directory)
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

        #expect(try await store.record(id: created.id) == created)
        #expect(try await store.transitions(integrationId: created.id).count == 1)
    }

    @Test func anUnchangedStatusWritesNoTransition() async throws {
        let directory = try TemporaryDirectory()
        let clock = TestClock()
        let store = try StatusStore.open(in: directory, clock: clock)
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
        let directory = try TemporaryDirectory()
        let store = try StatusStore.open(in: directory)
        #expect(try await store.record(id: 42) == nil)
        #expect(try await store.record(named: "nothing") == nil)
        let error = await #expect(throws: StoreError.self) {
            try await store.transition(id: 42, to: .enabled, reason: .applied)
        }
        #expect(error?.code == .notFound)
        #expect(error?.message == "No Integration found with ID 42.")
    }

    @Test func reopenKeepsIdAndHistoryWithANewUID() async throws {
        let directory = try TemporaryDirectory()
        let store = try StatusStore.open(in: directory)
        let created = try await store.create(.sample())
        try await store.transition(id: created.id, to: .enabled, reason: .applied) {
            $0.appliedConfig = $0.desiredConfig
            $0.appliedDigest = "sha256:1"
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
        #expect(reopened.enabledAt == nil)
        #expect(reopened.specDigest == "sha256:2")
        let history = try await store.transitions(integrationId: created.id)
        #expect(history.map(\.toStatus) == [.creating, .enabled, .deleting, .deleted, .creating])
        #expect(history.last?.reason == .fileReappeared)
    }

    @Test func reopenRefusesAnActiveIntegration() async throws {
        let directory = try TemporaryDirectory()
        let store = try StatusStore.open(in: directory)
        let created = try await store.create(.sample())
        let error = await #expect(throws: StoreError.self) { try await store.reopen(name: "analytics", newUID: UUID()) }
        #expect(error?.code == .invalidState)
        #expect(try await store.record(id: created.id) == created)
        let missing = await #expect(throws: StoreError.self) { try await store.reopen(name: "nothing", newUID: UUID()) }
        #expect(missing?.code == .notFound)
    }

    @Test func findsTheIntegrationAlreadyOnAHost() async throws {
        let directory = try TemporaryDirectory()
        let store = try StatusStore.open(in: directory)
        let host = "examplecluster.abc123.us-east-1.redshift.amazonaws.com"
        let first = try await store.create(.sample(name: "analytics", host: host))
        try await store.create(.sample(name: "other-port", host: host, port: 5440))

        let conflict = try await store.activeRecord(host: host.uppercased(), port: 5439, excludingName: "second")
        #expect(conflict?.id == first.id)
        #expect(try await store.activeRecord(host: host, port: 5439, excludingName: "analytics") == nil)
        #expect(try await store.activeRecord(host: "elsewhere.example.com", port: 5439, excludingName: "second") == nil)

        try await store.transition(id: first.id, to: .disabled, reason: .retained)
        #expect(try await store.activeRecord(host: host, port: 5439, excludingName: "second") == nil)
    }

    @Test func allRecordsAreOrderedByName() async throws {
        let directory = try TemporaryDirectory()
        let store = try StatusStore.open(in: directory)
        for name in ["zeta", "alpha", "mid"] {
            try await store.create(.sample(name: name, host: "\(name).example.com"))
        }
        #expect(try await store.allRecords().map(\.name) == ["alpha", "mid", "zeta"])
    }

    @Test func countsStatuses() async throws {
        let directory = try TemporaryDirectory()
        let store = try StatusStore.open(in: directory)
        for name in ["a", "b", "c"] {
            try await store.create(.sample(name: name, host: "\(name).example.com"))
        }
        let b = try #require(try await store.record(named: "b"))
        try await store.transition(id: b.id, to: .enabled, reason: .applied)
        #expect(try await store.statusCounts() == [.creating: 2, .enabled: 1])
    }

    @Test func keepsMetaValues() async throws {
        let directory = try TemporaryDirectory()
        let store = try StatusStore.open(in: directory)
        #expect(try await store.meta("lastResync") == nil)
        try await store.setMeta("lastResync", "2025-06-15T10:00:00Z")
        try await store.setMeta("lastResync", "2025-06-15T10:10:00Z")
        #expect(try await store.meta("lastResync") == "2025-06-15T10:10:00Z")
    }

    @Test func storesAnInvalidFileWithItsErrors() async throws {
        let directory = try TemporaryDirectory()
        let store = try StatusStore.open(in: directory)
        let new = NewIntegration(
            name: "broken", status: .createError, host: "", port: 0, database: "", systemUser: "",
            autoBootstrap: false, specErrors: ["config.host: required"], lastError: "the spec file is not valid")
        let record = try await store.create(new, reason: .specInvalid)
        #expect(record.specErrors == ["config.host: required"])
        #expect(try await store.transitions(integrationId: record.id).first?.toStatus == .createError)
    }
}
