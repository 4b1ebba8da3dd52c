/// The origin of a redirect's `Location` (resolved to an absolute URL by `resolve`), for the
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

    /// `location` as an absolute URL, resolved against the URL of the request that got it
    /// (RFC 3986: `scheme://…`, `//authority…`, `/path…` or a path relative to the current
    /// one's folder), without any fragment.
    static func resolve(_ location: String, against base: String) -> String {
        let reference = String(location.trimmingWhitespace().prefix { $0 != "#" })
        guard !reference.contains("://"), let baseAuthority = authorityRange(of: base) else { return reference }
        let origin = base[..<baseAuthority.upperBound]
        if reference.hasPrefix("//") {
            return String(base[..<baseAuthority.lowerBound].dropLast(2)) + reference
        }
        if reference.hasPrefix("/") { return String(origin) + reference }
        let basePath = base[baseAuthority.upperBound...].prefix { $0 != "?" && $0 != "#" }
        if reference.isEmpty { return String(origin + basePath) }
        if reference.hasPrefix("?") { return String(origin + basePath) + reference }
        let folder = basePath.lastIndex(of: "/").map { basePath[...$0] } ?? "/"
        return String(origin + folder) + reference
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
