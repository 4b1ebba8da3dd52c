import Crypto
import Foundation
import StewardSpec

/// Seals and opens the secrets of the shared status database with AES-256-GCM under the secret
/// key every host holds.
///
/// Each seal draws a fresh random 96-bit nonce and authenticates the row's key (`system:UID`,
/// `deletion:UID`) with the value, so a sealed value moved to another row fails to open just
/// like an altered one. What is stored is the combined form: nonce, ciphertext, tag.
///
/// The key's id (``keyID(of:)``) travels beside every sealed value, so a host holding another
/// key is told so by name instead of meeting an authentication failure it could not explain.
/// The id reveals nothing of the key: it is a hash of a fixed label and the key.
struct SecretSealer: Sendable {
    /// Hashed before the key's bytes for its id, so the id is no plain hash of the key.
    static let keyIDLabel = "steward secret key id v1\u{0}"

    let key: SymmetricKey
    /// ``keyID(of:)`` of `key`.
    let keyID: String

    init(key: SymmetricKey) {
        self.key = key
        self.keyID = Self.keyID(of: key)
    }

    /// The first 16 hex digits of SHA-256 of the label and the key's bytes.
    static func keyID(of key: SymmetricKey) -> String {
        let bytes = Array(keyIDLabel.utf8) + key.withUnsafeBytes { Array($0) }
        return String(StewardSpec.SHA256.hexDigest(bytes).prefix(16))
    }

    /// `secret` sealed for the row `row`: nonce, ciphertext and tag in one value.
    func seal(_ secret: Secret, row: String) throws(StoreError) -> [UInt8] {
        let sealed: AES.GCM.SealedBox
        do {
            sealed = try AES.GCM.seal(Array(secret.unredacted.utf8), using: key, authenticating: Array(row.utf8))
        } catch {
            throw StoreError(code: .database, message: "cannot seal the secret \(row) (AES-GCM failed: \(error)); "
                             + "nothing was written. Check that the secret key holds 32 bytes", underlying: error)
        }
        guard let combined = sealed.combined else {
            // Only a nonce of another size than 12 bytes has no combined form, and seal draws 12.
            throw StoreError(code: .database, message: "cannot seal the secret \(row): the sealed value has no combined "
                             + "form; this is a bug: please report it")
        }
        return Array(combined)
    }

    /// The secret sealed for the row `row` under the key `sealedWith`.
    ///
    /// Fails with `.secretKeyMismatch` when this host holds another key, and with
    /// `.sealedSecretUnreadable` when the value does not authenticate (altered, or moved from
    /// another row).
    func open(_ sealed: [UInt8], row: String, sealedWith: String) throws(StoreError) -> Secret {
        guard sealedWith == keyID else { throw StoreError.secretKeyMismatch(row: row, sealedWith: sealedWith, held: keyID) }
        let plaintext: Data
        do {
            let box = try AES.GCM.SealedBox(combined: sealed)
            plaintext = try AES.GCM.open(box, using: key, authenticating: Array(row.utf8))
        } catch {
            throw StoreError.sealedSecretUnreadable(row: row, underlying: error)
        }
        guard let text = String(validating: Array(plaintext), as: UTF8.self) else {
            throw StoreError.sealedSecretUnreadable(row: row, underlying: nil)
        }
        return Secret(text)
    }
}
