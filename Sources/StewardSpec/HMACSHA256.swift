import Crypto
import _CryptoExtras

/// HMAC-SHA-256 (RFC 2104) and PBKDF2-HMAC-SHA-256 (RFC 8018) from swift-crypto, where a keyed
/// digest is part of a protocol: SCRAM password verifiers and AWS request signing.
package enum HMACSHA256 {
    /// The 32-byte MAC of `message` under `key`.
    package static func authenticate<Key: Collection, Message: Sequence>(_ message: Message, key: Key) -> [UInt8]
    where Key.Element == UInt8, Message.Element == UInt8 {
        Array(HMAC<Crypto.SHA256>.authenticationCode(for: Array(message), using: SymmetricKey(data: Array(key))))
    }

    /// PBKDF2 with HMAC-SHA-256, one 32-byte block: what SCRAM-SHA-256 needs.
    ///
    /// SCRAM's iteration count is the server's (PostgreSQL uses 4,096), below the library's
    /// checked minimum for password storage, hence the unchecked form; the count is a protocol
    /// parameter here, not a choice. Fails only for an iteration count below one.
    package static func pbkdf2(password: [UInt8], salt: [UInt8], iterations: Int) -> [UInt8] {
        // The only failure is a non-positive round count or output size; both are fixed here.
        guard let key = try? KDF.Insecure.PBKDF2.deriveKey(from: password, salt: salt, using: .sha256, outputByteCount: 32,
                                                             unsafeUncheckedRounds: max(iterations, 1)) else { return [] }
        return key.withUnsafeBytes { Array($0) }
    }
}
