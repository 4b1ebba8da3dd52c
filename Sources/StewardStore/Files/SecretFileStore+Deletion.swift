import Foundation
import StewardSpec

/// One-time deletion credentials: the privileged password a `DELETE /integrations/{id}` carried,
/// kept beside the system account's password (`STATE/secrets/UID.deletion`, 0600) until the
/// deletion of that integration has used it.
extension SecretFileStore {
    static func deletionKey(_ uid: UUID) -> String { uid.uuidString.lowercased() + ".deletion" }

    /// Stores the privileged password for the next deletion of `uid`.
    package func writeDeletionCredential(uid: UUID, secret: Secret) throws(StoreError) {
        try write(key: Self.deletionKey(uid), secret: secret)
    }

    /// The privileged password given for the deletion of `uid`, if any.
    package func readDeletionCredential(uid: UUID) throws(StoreError) -> Secret? {
        try read(key: Self.deletionKey(uid))
    }

    /// Forgets the deletion credential of `uid` (nothing happens if there is none).
    package func deleteDeletionCredential(uid: UUID) throws(StoreError) {
        try delete(key: Self.deletionKey(uid))
    }
}
