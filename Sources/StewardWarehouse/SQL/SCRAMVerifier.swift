import Foundation
import StewardSpec

/// A PostgreSQL `SCRAM-SHA-256` password verifier, computed without a server connection
/// (manual-setup scripts are generated offline).
///
/// Format, as PostgreSQL stores it in `pg_authid.rolpassword`:
/// `SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>` (base64 parts), RFC 5802/7677.
/// The password itself never leaves this function; the verifier cannot be turned back into it.
package enum SCRAMVerifier {
    package static let defaultIterations = 4096

    /// A verifier with a fresh random 16-byte salt.
    package static func make(password: Secret, iterations: Int = defaultIterations) -> Secret {
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return make(password: password, salt: salt, iterations: iterations)
    }

    /// A verifier for a given salt (tests pin it to compare with PostgreSQL's own).
    package static func make(password: Secret, salt: [UInt8], iterations: Int) -> Secret {
        // SASLprep is skipped: PostgreSQL does the same for passwords that are not valid UTF-8
        // or that SASLprep would reject, and Steward's generated passwords are plain ASCII.
        let salted = HMACSHA256.pbkdf2(password: Array(password.unredacted.utf8), salt: salt, iterations: iterations)
        let clientKey = HMACSHA256.authenticate(Array("Client Key".utf8), key: salted)
        let storedKey = SHA256.hash(clientKey)
        let serverKey = HMACSHA256.authenticate(Array("Server Key".utf8), key: salted)
        let text = "SCRAM-SHA-256$\(iterations):\(Data(salt).base64EncodedString())$"
            + "\(Data(storedKey).base64EncodedString()):\(Data(serverKey).base64EncodedString())"
        return Secret(text)
    }
}
