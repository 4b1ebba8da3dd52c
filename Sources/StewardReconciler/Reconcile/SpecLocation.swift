/// Where the spec of one integration is, as the spec folder says right now.
package enum SpecLocation: Sendable, Hashable {
    /// One file defines the integration.
    case file(path: String)
    /// No file defines it any more.
    case missing
    /// Several files map to the same name (`a.yaml` and `a.json`): an error until one goes.
    case ambiguous(paths: [String])
}
