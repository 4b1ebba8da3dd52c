import StewardStore
import Testing

/// Intents are recorded before warehouse objects are made, and confirmed after. On both stores.
@Suite struct OwnedObjectTests {
    @Test(arguments: StoreBackend.allCases)
    func intentThenCreated(_ backend: StoreBackend) async throws {
        let opened = try await backend.open()
        let store = opened.store
        let record = try await store.create(.sample())

        try await store.recordIntent(integrationId: record.id, kind: .user, name: "steward_analytics")
        try await store.recordIntent(integrationId: record.id, kind: .database, name: "immuta")
        try await store.recordIntent(integrationId: record.id, kind: .database, name: "immuta")
        #expect(try await store.ownedObjects(integrationId: record.id) == [
            OwnedObject(integrationId: record.id, kind: .database, name: "immuta", state: .intended),
            OwnedObject(integrationId: record.id, kind: .user, name: "steward_analytics", state: .intended),
        ])

        try await store.markCreated(integrationId: record.id, kind: .database, name: "immuta")
        // A repeated intent (a retried step) does not undo a confirmed creation.
        try await store.recordIntent(integrationId: record.id, kind: .database, name: "immuta")
        #expect(try await store.ownedObjects(integrationId: record.id).map(\.state) == [.created, .intended])

        #expect(try await store.removeOwnedObject(integrationId: record.id, kind: .database, name: "immuta"))
        #expect(try await !store.removeOwnedObject(integrationId: record.id, kind: .database, name: "immuta"))
        #expect(try await store.ownedObjects(integrationId: record.id).map(\.name) == ["steward_analytics"])
    }

    @Test(arguments: StoreBackend.allCases)
    func markCreatedWithoutAnIntentAndOrderByKindAndName(_ backend: StoreBackend) async throws {
        let opened = try await backend.open()
        let store = opened.store
        let record = try await store.create(.sample())
        for (kind, name) in [(OwnedObject.Kind.user, "b"), (.role, "a"), (.user, "B"), (.database, "z")] {
            try await store.markCreated(integrationId: record.id, kind: kind, name: name)
        }
        #expect(try await store.ownedObjects(integrationId: record.id).map { "\($0.kind.rawValue):\($0.name):\($0.state.rawValue)" }
            == ["database:z:created", "role:a:created", "user:B:created", "user:b:created"])
    }

    @Test(arguments: StoreBackend.allCases)
    func objectsBelongToOneIntegration(_ backend: StoreBackend) async throws {
        let opened = try await backend.open()
        let store = opened.store
        let first = try await store.create(.sample(name: "first", host: "one.example.com"))
        let second = try await store.create(.sample(name: "second", host: "two.example.com"))
        try await store.markCreated(integrationId: first.id, kind: .role, name: "immuta_impersonation")
        #expect(try await store.ownedObjects(integrationId: second.id).isEmpty)

        let error = await #expect(throws: StoreError.self) {
            try await store.recordIntent(integrationId: 999, kind: .role, name: "x")
        }
        #expect(error?.code == .notFound)
        let created = await #expect(throws: StoreError.self) {
            try await store.markCreated(integrationId: 999, kind: .role, name: "x")
        }
        #expect(created?.code == .notFound)
        #expect(try await store.ownedObjects(integrationId: 999).isEmpty)
    }
}
