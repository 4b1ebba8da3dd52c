import Foundation

/// A spec's redacted form, its canonical JSON and that JSON's digest, computed once: the JSON of
/// a spec with 2,000 data sources is 160 kB, and a reconcile needs all three (the record's
/// desired config, the digest that decides whether anything changed, the comparison with the
/// spec last applied).
package struct CanonicalSpec: Sendable {
    package let redacted: RedactedSpec
    /// `redacted.canonicalJSON()` as text.
    package let json: String
    /// Lower-case hex SHA-256 of `json` (`IntegrationSpec.digest`).
    package let digest: String

    package init(_ spec: IntegrationSpec) {
        redacted = spec.redacted
        let data = redacted.canonicalJSON()
        json = String(decoding: data, as: UTF8.self)
        digest = SHA256.hexDigest(data)
    }
}

extension RedactedSpec {
    /// Whether the canonical JSON of a redacted spec has data sources, users or policies, read
    /// off the text rather than decoded (160 kB with 2,000 data sources, at every routine check):
    /// the canonical JSON leaves empty governance out, and a key is the only place a name can
    /// stand between unescaped quotes followed by a colon (quotes inside strings are escaped).
    package static func hasGovernance(canonicalJSON json: String) -> Bool {
        ["\"dataSources\":", "\"users\":", "\"policies\":"].contains { json.contains($0) }
    }
}
