import Crypto
import Foundation
import StewardSpec
import StewardWarehouse

/// The secrets of the integrations in the shared status database, so that whichever daemon
/// leads next finds the system accounts' passwords and the pending deletion credentials: the
/// same operations as the local ``SecretFileStore``, on the table `steward_secret`.
///
/// Each value is sealed on this host with AES-256-GCM under the secret key every host holds
/// (``SecretSealer``), with the row's key (`system:UID`, `deletion:UID`) as authenticated data;
/// only the sealed bytes and the key's id reach the database. The plaintext never appears in
/// SQL text, in parameters, in logs or in errors.
///
/// Reads work on any store; writes and deletes are writes of the owning ``SharedStatusStore``:
/// one transaction each, fenced by the writer's leadership term, so a deposed leader changes
/// no secret (`.fenced`) and a store without a writer changes none (`.notLeader`).
package struct SharedSecretStore: SecretKeeping {
    /// The store whose connections and writer this one uses.
    package let store: SharedStatusStore
    /// The id of the key this store seals with: what every host's must match.
    package var keyID: String { sealer.keyID }

    let sealer: SecretSealer

    /// The secrets of `store`'s database, sealed under `key` (256 bits; see ``SecretKeyFile``).
    package init(store: SharedStatusStore, key: SymmetricKey) {
        self.store = store
        self.sealer = SecretSealer(key: key)
    }

    /// The id of `key` as the database records it beside each sealed value.
    package static func keyID(of key: SymmetricKey) -> String {
        SecretSealer.keyID(of: key)
    }

    /// The row of the system account's password of `uid`.
    static func systemKey(_ uid: UUID) -> String { "system:" + uid.uuidString.lowercased() }
    /// The row of the deletion credential of `uid`.
    static func deletionKey(_ uid: UUID) -> String { "deletion:" + uid.uuidString.lowercased() }

    // MARK: - SecretKeeping

    package func read(uid: UUID) async throws(StoreError) -> Secret? {
        try await read(row: Self.systemKey(uid))
    }

    package func write(uid: UUID, secret: Secret) async throws(StoreError) {
        try await write(row: Self.systemKey(uid), uid: uid, secret: secret)
    }

    package func delete(uid: UUID) async throws(StoreError) {
        try await delete(row: Self.systemKey(uid))
    }

    package func readDeletionCredential(uid: UUID) async throws(StoreError) -> Secret? {
        try await read(row: Self.deletionKey(uid))
    }

    package func writeDeletionCredential(uid: UUID, secret: Secret) async throws(StoreError) {
        try await write(row: Self.deletionKey(uid), uid: uid, secret: secret)
    }

    package func deleteDeletionCredential(uid: UUID) async throws(StoreError) {
        try await delete(row: Self.deletionKey(uid))
    }

    // MARK: - Rows

    /// The secret of `row`, opened with this host's key, or nil if there is none.
    func read(row: String) async throws(StoreError) -> Secret? {
        let action = "read the secret \(row)"
        let answers = try await store.read(action, [
            SQLStatement("SELECT encode(sealed, 'hex') AS sealed, key_id FROM \(SharedSQL.secret) WHERE key = $1::text",
                         parameters: [row]),
        ])
        let found = try store.decode(action) { () throws(SharedRowError) -> (sealed: [UInt8], keyID: String)? in
            guard let first = SharedRow.first(answers[0]) else { return nil }
            guard let sealed = SharedSQL.bytes(hex: try first.string("sealed")) else { throw SharedRowError(column: "sealed") }
            return (sealed, try first.string("key_id"))
        }
        guard let found else { return nil }
        return try sealer.open(found.sealed, row: row, sealedWith: found.keyID)
    }

    /// Seals `secret` for `row` and stores it, replacing any previous value, in one fenced write.
    func write(row: String, uid: UUID, secret: Secret) async throws(StoreError) {
        let sealed = try sealer.seal(secret, row: row)
        _ = try await store.write("store the secret \(row)", [
            SQLStatement("""
                INSERT INTO \(SharedSQL.secret) (key, integration_uid, sealed, key_id, updated_at)
                VALUES ($1::text, $2::text, decode($3::text, 'hex'), $4::text, \(SharedSQL.timestamp("$5")))
                ON CONFLICT (key) DO UPDATE SET integration_uid = EXCLUDED.integration_uid, sealed = EXCLUDED.sealed,
                    key_id = EXCLUDED.key_id, updated_at = EXCLUDED.updated_at
                """, parameters: [row, uid.uuidString.lowercased(), SharedSQL.hex(sealed), sealer.keyID,
                                  SharedSQL.parameter(store.now())]),
        ])
    }

    /// Removes the secret of `row` in one fenced write; nothing happens if there is none.
    func delete(row: String) async throws(StoreError) {
        _ = try await store.write("remove the secret \(row)", [
            SQLStatement("DELETE FROM \(SharedSQL.secret) WHERE key = $1::text", parameters: [row]),
        ])
    }
}

extension SharedStatusStore {
    /// The integrations' secrets in this store's database, sealed under `key`, written with
    /// this store's writer.
    package func secrets(key: SymmetricKey) -> SharedSecretStore {
        SharedSecretStore(store: self, key: key)
    }
}
