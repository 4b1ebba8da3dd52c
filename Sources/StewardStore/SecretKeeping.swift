import Foundation
import StewardSpec

/// Where the reconciler keeps the secrets it makes or is given, whichever keeper holds them:
/// the 0600 files of one host's state directory (``SecretFileStore``) or the shared status
/// database, sealed under a key every host holds (``SharedSecretStore``).
///
/// Two secrets per integration, by its uid:
///
/// - the generated password of its system account (``read(uid:)``, ``write(uid:secret:)``,
///   ``delete(uid:)``);
/// - the one-time deletion credential a `DELETE` of the HTTP API carried, kept until the
///   deletion has used it (``readDeletionCredential(uid:)`` and the others).
///
/// A write replaces any previous value at once; a delete of a secret that is not there does
/// nothing. Errors name what failed and the fix, never a secret.
package protocol SecretKeeping: Sendable {
    /// The system account's password of the integration `uid`, or nil if there is none.
    func read(uid: UUID) async throws(StoreError) -> Secret?
    /// Stores `secret` as the system account's password of `uid`, replacing any previous one.
    func write(uid: UUID, secret: Secret) async throws(StoreError)
    /// Removes the system account's password of `uid`; nothing happens if there is none.
    func delete(uid: UUID) async throws(StoreError)

    /// The privileged password given for the deletion of `uid`, if any.
    func readDeletionCredential(uid: UUID) async throws(StoreError) -> Secret?
    /// Stores the privileged password for the next deletion of `uid`.
    func writeDeletionCredential(uid: UUID, secret: Secret) async throws(StoreError)
    /// Forgets the deletion credential of `uid` (nothing happens if there is none).
    func deleteDeletionCredential(uid: UUID) async throws(StoreError)
}

/// The files answer at once: their synchronous methods are the keeper's operations.
extension SecretFileStore: SecretKeeping {}
