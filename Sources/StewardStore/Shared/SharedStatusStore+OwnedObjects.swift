import StewardWarehouse

/// The warehouse objects Steward owns: an intent before creating one, `created` after. Each
/// write is one round trip.
extension SharedStatusStore {
    /// Records that Steward is about to create `name` for the integration. Idempotent; an object
    /// already marked `created` stays so. Fails with `.notFound` for an unknown integration.
    package func recordIntent(integrationId: Int64, kind: OwnedObject.Kind, name: String) async throws(StoreError) {
        let answers = try await write("record the intent to create \(kind.rawValue) \(name)", [
            Self.integrationExists(integrationId),
            SQLStatement("""
                INSERT INTO \(SharedSQL.ownedObject) (integration_id, kind, name, state)
                SELECT id, $2::text, $3::text, 'intended' FROM \(SharedSQL.integration) WHERE id = $1::bigint
                ON CONFLICT (integration_id, kind, name) DO NOTHING
                """, parameters: [String(integrationId), kind.rawValue, name]),
        ])
        if answers[0].isEmpty { throw StoreError.notFound(id: integrationId) }
    }

    /// Records that the object exists in the warehouse (with or without a prior intent).
    package func markCreated(integrationId: Int64, kind: OwnedObject.Kind, name: String) async throws(StoreError) {
        let answers = try await write("record that \(kind.rawValue) \(name) was created", [
            Self.integrationExists(integrationId),
            SQLStatement("""
                INSERT INTO \(SharedSQL.ownedObject) (integration_id, kind, name, state)
                SELECT id, $2::text, $3::text, 'created' FROM \(SharedSQL.integration) WHERE id = $1::bigint
                ON CONFLICT (integration_id, kind, name) DO UPDATE SET state = EXCLUDED.state
                """, parameters: [String(integrationId), kind.rawValue, name]),
        ])
        if answers[0].isEmpty { throw StoreError.notFound(id: integrationId) }
    }

    /// The integration's owned objects, ordered by kind and name.
    package func ownedObjects(integrationId: Int64) async throws(StoreError) -> [OwnedObject] {
        let action = "read the objects owned by integration \(integrationId)"
        let answers = try await read(action, [
            SQLStatement("""
                SELECT integration_id, kind, name, state FROM \(SharedSQL.ownedObject)
                WHERE integration_id = $1::bigint ORDER BY kind COLLATE "C", name COLLATE "C"
                """, parameters: [String(integrationId)]),
        ])
        return try decode(action) { () throws(SharedRowError) in
            var objects: [OwnedObject] = []
            for row in SharedRow.all(answers[0]) {
                objects.append(OwnedObject(
                    integrationId: try row.int64("integration_id"), kind: try row.value("kind", as: OwnedObject.Kind.self),
                    name: try row.string("name"), state: try row.value("state", as: OwnedObject.State.self)))
            }
            return objects
        }
    }

    /// Forgets an object; returns whether there was such a row.
    @discardableResult
    package func removeOwnedObject(integrationId: Int64, kind: OwnedObject.Kind, name: String) async throws(StoreError) -> Bool {
        let answers = try await write("forget \(kind.rawValue) \(name)", [
            SQLStatement("""
                DELETE FROM \(SharedSQL.ownedObject) WHERE integration_id = $1::bigint AND kind = $2::text AND name = $3::text
                RETURNING 1 AS removed
                """, parameters: [String(integrationId), kind.rawValue, name]),
        ])
        return !answers[0].isEmpty
    }

    /// One row if the integration exists, none otherwise.
    private static func integrationExists(_ id: Int64) -> SQLStatement {
        SQLStatement("SELECT 1 AS present FROM \(SharedSQL.integration) WHERE id = $1::bigint", parameters: [String(id)])
    }
}
