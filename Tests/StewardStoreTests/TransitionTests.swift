import Foundation
import StewardSpec
import StewardStore
import Testing

/// Every change of status has exactly one transition row, written with the status; a write that
/// fails writes nothing. On both stores.
@Suite struct TransitionTests {
    struct UpdateFailed: Error {}

    @Test(arguments: StoreBackend.allCases)
    func createWritesTheRecordAndItsFirstTransition(_ backend: StoreBackend) async throws {
        let clock = TestClock()
        let opened = try await backend.open(clock: clock)
        let store = opened.store
        let uid = UUID()
        var new = NewIntegration.sample()
        new.uid = uid
        new.validationResults = ValidationResults(validationTests: [ValidationTest(name: "first", status: .skipped, result: ["a", nil])])

        let record = try await store.create(new, message: "spec file analytics.yaml found")

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

    @Test(arguments: StoreBackend.allCases)
    func createRefusesATakenName(_ backend: StoreBackend) async throws {
        let opened = try await backend.open()
        let store = opened.store
        let first = try await store.create(.sample())
        let error = await #expect(throws: StoreError.self) { try await store.create(.sample()) }
        #expect(error?.code == .alreadyExists)
        #expect(error?.message.contains("id = \(first.id)") == true)
        #expect(try await store.transitions(integrationId: first.id).count == 1)
        #expect(try await store.allRecords().count == 1)
    }

    @Test(arguments: StoreBackend.allCases)
    func createRefusesAFirstStatusTheLifecycleDoesNotStartAt(_ backend: StoreBackend) async throws {
        let opened = try await backend.open()
        let store = opened.store
        var new = NewIntegration.sample()
        new.status = .enabled
        let error = await #expect(throws: StoreError.self) { try await store.create(new) }
        #expect(error?.code == .illegalTransition)
        #expect(error?.message.contains("cannot go from no record to enabled") == true)
        #expect(try await store.allRecords().isEmpty)

        // A taken name is reported first.
        let first = try await store.create(.sample())
        let taken = await #expect(throws: StoreError.self) { try await store.create(new) }
        #expect(taken?.code == .alreadyExists)
        #expect(try await store.transitions(integrationId: first.id).count == 1)
    }

    @Test(arguments: StoreBackend.allCases)
    func noteRecordsAnEventThatKeepsTheStatus(_ backend: StoreBackend) async throws {
        let clock = TestClock()
        let opened = try await backend.open(clock: clock)
        let store = opened.store
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

    @Test(arguments: StoreBackend.allCases)
    func transitionUpdatesAndRecordsTheChange(_ backend: StoreBackend) async throws {
        let clock = TestClock()
        let opened = try await backend.open(clock: clock)
        let store = opened.store
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

    @Test(arguments: StoreBackend.allCases)
    func aThrowingUpdateWritesNothing(_ backend: StoreBackend) async throws {
        let opened = try await backend.open()
        let store = opened.store
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
        // The store is usable after the rollbacks.
        #expect(try await store.update(id: created.id) { $0.lastError = "stored" }.lastError == "stored")
    }

    @Test(arguments: StoreBackend.allCases)
    func anUnchangedStatusWritesNoTransition(_ backend: StoreBackend) async throws {
        let clock = TestClock()
        let opened = try await backend.open(clock: clock)
        let store = opened.store
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

    @Test(arguments: StoreBackend.allCases)
    func unknownIdsAreReportedInTheSeedsWords(_ backend: StoreBackend) async throws {
        let opened = try await backend.open()
        let store = opened.store
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

    @Test(arguments: StoreBackend.allCases)
    func storesAnInvalidFileWithItsErrors(_ backend: StoreBackend) async throws {
        let opened = try await backend.open()
        let store = opened.store
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

    @Test(arguments: StoreBackend.allCases)
    func reportsAValueTheSchemaForbidsWithoutPrintingIt(_ backend: StoreBackend) async throws {
        let opened = try await backend.open()
        let store = opened.store
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
        #expect(try await opened.transitionRowCount() == 0)
    }
}
