/// The cookies a server sets during one request's same-origin redirects (Okta's session
/// cookie), sent back on the following hops. Attributes (path, expiry, domain) are ignored:
/// the jar lives for one request and the hops never leave the origin.
struct SessionCookies: Sendable {
    private var values: [(name: String, value: String)] = []

    /// Records `Set-Cookie` header values; a later cookie of the same name replaces an earlier one.
    mutating func receive(_ setCookies: [String]) {
        for header in setCookies {
            let pair = header.prefix { $0 != ";" }
            guard let equals = pair.firstIndex(of: "=") else { continue }
            let name = pair[..<equals].trimmingWhitespace()
            guard !name.isEmpty else { continue }
            let value = pair[pair.index(after: equals)...].trimmingWhitespace()
            values.removeAll { $0.name == name }
            values.append((name, value))
        }
    }

    /// A `Cookie` header, or none while the jar is empty.
    var headers: [HTTPHeader] {
        values.isEmpty ? [] : [HTTPHeader("Cookie", values.map { "\($0.name)=\($0.value)" }.joined(separator: "; "))]
    }
}
