import GRDB

/// The warehouse objects Steward owns: an intent before creating one, `created` after.
extension StatusStore {
    /// Records that Steward is about to create `name` for the integration. Call it before the
    /// warehouse statement, so that after a crash the object is known to be Steward's own.
    /// Idempotent; an object already marked `created` stays so.
    package func recordIntent(integrationId: Int64, kind: OwnedObject.Kind, name: String) async throws(StoreError) {
        try write("record the intent to create \(kind.rawValue) \(name)") { db in
            _ = try Self.fetch(db, id: integrationId)
            try OwnedObject(integrationId: integrationId, kind: kind, name: name, state: .intended)
                .insert(db, onConflict: .ignore)
        }
    }

    /// Records that the object exists in the warehouse (with or without a prior intent).
    package func markCreated(integrationId: Int64, kind: OwnedObject.Kind, name: String) async throws(StoreError) {
        try write("record that \(kind.rawValue) \(name) was created") { db in
            _ = try Self.fetch(db, id: integrationId)
            try OwnedObject(integrationId: integrationId, kind: kind, name: name, state: .created).upsert(db)
        }
    }

    /// The integration's owned objects, ordered by kind and name.
    package func ownedObjects(integrationId: Int64) async throws(StoreError) -> [OwnedObject] {
        try read("read the objects owned by integration \(integrationId)") { db in
            try OwnedObject
                .filter(OwnedObject.Columns.integrationId == integrationId)
                .order(OwnedObject.Columns.kind, OwnedObject.Columns.name)
                .fetchAll(db)
        }
    }

    /// Forgets an object (after it was dropped, or when it is left behind on purpose).
    /// Returns whether there was such a row.
    @discardableResult
    package func removeOwnedObject(integrationId: Int64, kind: OwnedObject.Kind, name: String) async throws(StoreError) -> Bool {
        try write("forget \(kind.rawValue) \(name)") { db in
            try OwnedObject.deleteOne(
                db, key: ["integrationId": integrationId, "kind": kind.rawValue, "name": name])
        }
    }
}
