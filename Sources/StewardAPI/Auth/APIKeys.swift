import Foundation
import StewardSpec
import Synchronization

/// The valid API keys, kept only as SHA-256 digests, compared in constant time.
///
/// A presented key is hashed and compared with every stored digest without stopping at the first
/// match or the first differing byte, so neither the time nor the position of a difference tells
/// anything about a key. Reloaded from its source on SIGHUP (rotation: add the new key, move
/// clients over, remove the old one, reload each time).
public final class APIKeys: Sendable {
    let source: APIKeySource
    let environment: [String: String]
    /// The state directory, whose files are never read as keys.
    let protectedState: String?
    let digests: Mutex<[[UInt8]]>

    /// Loads the keys; refuses a source without usable keys.
    public init(source: APIKeySource, environment: [String: String], protectedState: String? = nil) throws(APIConfigurationError) {
        self.source = source
        self.environment = environment
        self.protectedState = protectedState
        let keys = try source.load(environment: environment, protectedState: protectedState)
        digests = Mutex(keys.map { SHA256.hash(Array($0.utf8)) })
    }

    /// Reads the source again; on failure the keys in force stay and the error is returned.
    public func reload() throws(APIConfigurationError) {
        let keys = try source.load(environment: environment, protectedState: protectedState)
        let fresh = keys.map { SHA256.hash(Array($0.utf8)) }
        digests.withLock { $0 = fresh }
    }

    /// Whether the `Authorization` header value carries a valid key: the key itself (as the
    /// seed sends it) or `Bearer KEY`.
    public func accepts(authorization header: String?) -> Bool {
        guard var presented = header?.trimmingCharacters(in: .whitespaces), !presented.isEmpty else { return false }
        if presented.count > 7, presented.prefix(7).lowercased() == "bearer " {
            presented = String(presented.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        }
        let digest = SHA256.hash(Array(presented.utf8))
        let stored = digests.withLock { $0 }
        var matched: UInt8 = 0
        for candidate in stored {
            var difference: UInt8 = 0
            for (left, right) in zip(candidate, digest) { difference |= left ^ right }
            matched |= difference == 0 ? 1 : 0
        }
        return matched == 1
    }
}
