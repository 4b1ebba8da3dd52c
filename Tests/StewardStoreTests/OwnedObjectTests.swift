import StewardStore
import Testing

/// Intents are recorded before warehouse objects are made, and confirmed after.
@Suite struct OwnedObjectTests {
    @Test func intentThenCreated() throws {
        let directory = try TemporaryDirectory()
        let store = try StatusStore.open(in: directory)
        let record = try store.create(.sample())

        try store.recordIntent(integrationId: record.id, kind: .database, name: "immuta")
        try store.recordIntent(integrationId: record.id, kind: .user, name: "steward_analytics")
        #expect(try store.ownedObjects(integrationId: record.id) == [
            OwnedObject(integrationId: record.id, kind: .database, name: "immuta", state: .intended),
            OwnedObject(integrationId: record.id, kind: .user, name: "steward_analytics", state: .intended),
        ])

        try store.markCreated(integrationId: record.id, kind: .database, name: "immuta")
        // A repeated intent (a retried step) does not undo a confirmed creation.
        try store.recordIntent(integrationId: record.id, kind: .database, name: "immuta")
        #expect(try store.ownedObjects(integrationId: record.id).map(\.state) == [.created, .intended])

        #expect(try store.removeOwnedObject(integrationId: record.id, kind: .database, name: "immuta"))
        #expect(try !store.removeOwnedObject(integrationId: record.id, kind: .database, name: "immuta"))
        #expect(try store.ownedObjects(integrationId: record.id).map(\.name) == ["steward_analytics"])
    }

    @Test func objectsBelongToOneIntegration() throws {
        let directory = try TemporaryDirectory()
        let store = try StatusStore.open(in: directory)
        let first = try store.create(.sample(name: "first", host: "one.example.com"))
        let second = try store.create(.sample(name: "second", host: "two.example.com"))
        try store.markCreated(integrationId: first.id, kind: .role, name: "immuta_impersonation")
        #expect(try store.ownedObjects(integrationId: second.id).isEmpty)

        let error = #expect(throws: StoreError.self) {
            try store.recordIntent(integrationId: 999, kind: .role, name: "x")
        }
        #expect(error?.code == .notFound)
    }
}
