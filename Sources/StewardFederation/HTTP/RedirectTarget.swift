/// The origin of a redirect's absolute `Location` (as libcurl resolves it), for the
/// same-origin rule. Its path and query are never kept: they can hold tokens.
struct RedirectTarget: Equatable {
    /// `scheme://host[:port]`, normalised as `EndpointURL` does.
    let origin: String

    init?(_ location: String) {
        guard let authority = Self.authorityRange(of: location),
              let endpoint = try? EndpointURL.parse(String(location[..<authority.upperBound]), allowPath: false) else {
            return nil
        }
        origin = endpoint.origin
    }

    /// The host (and port) of `location` for a message, or a placeholder.
    static func hostName(of location: String) -> String {
        guard let authority = authorityRange(of: location) else { return "an unreadable location" }
        let text = location[authority]
        return text.isEmpty ? "an unreadable location" : String(text.split(separator: "@").last ?? text)
    }

    private static func authorityRange(of location: String) -> Range<String.Index>? {
        guard let separator = location.firstRange(of: "://") else { return nil }
        let rest = location[separator.upperBound...]
        let end = rest.firstIndex(where: { (character: Character) in "/?#".contains(character) }) ?? rest.endIndex
        return separator.upperBound..<end
    }
}
