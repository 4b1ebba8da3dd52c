import Crypto
import Foundation
import StewardSpec
import Synchronization

/// The valid API keys, kept only as SHA-256 digests, compared in constant time.
///
/// A presented key is hashed and compared with every stored digest by swift-crypto's digest
/// equality (constant time in the position of a difference), without stopping at the first
/// match, so neither the time nor the position of a difference tells anything about a key. Reloaded from its source on SIGHUP (rotation: add the new key, move
/// clients over, remove the old one, reload each time).
package final class APIKeys: Sendable {
    let source: APIKeySource
    let environment: [String: String]
    /// The state directory, whose files are never read as keys.
    let protectedState: String?
    let digests: Mutex<[SHA256Digest]>

    /// Loads the keys; refuses a source without usable keys.
    package init(source: APIKeySource, environment: [String: String], protectedState: String? = nil) throws(APIConfigurationError) {
        self.source = source
        self.environment = environment
        self.protectedState = protectedState
        let keys = try source.load(environment: environment, protectedState: protectedState)
        digests = Mutex(keys.map { Crypto.SHA256.hash(data: Array($0.utf8)) })
    }

    /// Reads the source again; on failure the keys in force stay and the error is returned.
    package func reload() throws(APIConfigurationError) {
        let keys = try source.load(environment: environment, protectedState: protectedState)
        let fresh = keys.map { Crypto.SHA256.hash(data: Array($0.utf8)) }
        digests.withLock { $0 = fresh }
    }

    /// Whether the `Authorization` header value carries a valid key: the key itself (as the
    /// seed sends it) or `Bearer KEY`.
    package func accepts(authorization header: String?) -> Bool {
        guard var presented = header?.trimmingCharacters(in: .whitespaces), !presented.isEmpty else { return false }
        if presented.count > 7, presented.prefix(7).lowercased() == "bearer " {
            presented = String(presented.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        }
        let digest = Crypto.SHA256.hash(data: Array(presented.utf8))
        var matched = false
        for candidate in digests.withLock({ $0 }) {
            // The comparison comes first, so every candidate is compared whatever matched before.
            matched = (candidate == digest) || matched
        }
        return matched
    }
}
