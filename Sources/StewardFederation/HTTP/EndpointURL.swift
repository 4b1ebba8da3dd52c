/// A checked base URL: `https://host[:port][/path]`, or `http://` to a loopback address only.
///
/// Plain http would send the Okta password, the SAML assertion and AWS credentials in clear
/// text, so it is refused for every host except 127.0.0.0/8, ::1 and localhost (where tests run
/// their fake IdP and moto).
package struct EndpointURL: Sendable, Hashable, CustomStringConvertible {
    package enum Scheme: String, Sendable {
        case https
        case http
    }

    package let scheme: Scheme
    /// Lower-case host name or address; an IPv6 address without brackets.
    package let host: String
    /// The port when it is not the scheme's default.
    package let port: Int?
    /// The base path: empty or starting with `/`, never ending with `/`.
    package let path: String

    /// `scheme://host[:port]`.
    package var origin: String { "\(scheme.rawValue)://\(hostHeader)" }

    /// The `Host` header value: `host[:port]`, IPv6 addresses in brackets.
    package var hostHeader: String {
        let bracketed = Self.bracketed(host)
        return port.map { "\(bracketed):\($0)" } ?? bracketed
    }

    /// A host as written in a URL: an IPv6 address in brackets.
    static func bracketed(_ host: String) -> String {
        host.contains(":") ? "[\(host)]" : host
    }

    package var isLoopback: Bool { LoopbackAddress.contains(host) }

    package var description: String { origin + path }

    /// The request path for a sub-path of this endpoint (`/` when both are empty).
    func joinedPath(_ subPath: String) -> String {
        let joined = path + subPath
        return joined.isEmpty ? "/" : joined
    }

    /// Parses an endpoint URL.
    /// - Parameters:
    ///   - allowBareHost: accept `host[:port]` without a scheme, meaning https (as `idpHost` is given).
    ///   - allowPath: accept a base path after the host (AWS endpoint overrides may have one).
    package static func parse(_ text: String, allowBareHost: Bool = false,
                             allowPath: Bool = true) throws(EndpointURLError) -> EndpointURL {
        let trimmed = text.trimmingWhitespace()
        guard !trimmed.isEmpty else { throw EndpointURLError("it is empty") }
        var rest = Substring(trimmed)
        let scheme: Scheme
        if let separator = rest.firstRange(of: "://") {
            let name = rest[..<separator.lowerBound].lowercased()
            guard let known = Scheme(rawValue: name) else {
                throw EndpointURLError("the scheme \(name) is not supported: use https")
            }
            scheme = known
            rest = rest[separator.upperBound...]
        } else if allowBareHost {
            scheme = .https
        } else {
            throw EndpointURLError("it has no scheme: write https://HOST")
        }
        guard !rest.contains(where: { $0 == "?" || $0 == "#" || $0 == "@" || $0 == "\\" || $0.isWhitespace }) else {
            throw EndpointURLError("it may hold only a scheme, a host, a port and a path (no query, fragment or user)")
        }
        let authority = rest.prefix { $0 != "/" }
        var path = String(rest[authority.endIndex...])
        while path.hasSuffix("/") { path.removeLast() }
        guard allowPath || path.isEmpty else { throw EndpointURLError("it may not have a path: give the host only") }
        let (host, port) = try splitAuthority(authority)
        let defaultPort = scheme == .https ? 443 : 80
        let url = EndpointURL(scheme: scheme, host: host, port: port == defaultPort ? nil : port, path: path)
        if scheme == .http && !url.isLoopback {
            throw EndpointURLError("plain http is allowed only to a loopback address (127.0.0.0/8, ::1, localhost): use https")
        }
        return url
    }

    static func splitAuthority(_ authority: Substring) throws(EndpointURLError) -> (String, Int?) {
        var hostPart = authority
        var portPart: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw EndpointURLError("the IPv6 address has no closing ]") }
            hostPart = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw EndpointURLError("unexpected text after the IPv6 address") }
                portPart = after.dropFirst()
            }
            guard !hostPart.isEmpty, hostPart.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else {
                throw EndpointURLError("the IPv6 address is not valid")
            }
        } else if let colon = authority.lastIndex(of: ":") {
            hostPart = authority[..<colon]
            portPart = authority[authority.index(after: colon)...]
        }
        guard !hostPart.isEmpty else { throw EndpointURLError("it has no host") }
        if !authority.hasPrefix("[") {
            guard hostPart.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "." || $0 == "_") }) else {
                throw EndpointURLError("the host may hold only letters, digits, '-', '_' and '.'")
            }
        }
        var port: Int?
        if let portPart {
            guard let number = Int(portPart), (1...65535).contains(number) else {
                throw EndpointURLError("the port must be a number from 1 to 65535")
            }
            port = number
        }
        return (hostPart.lowercased(), port)
    }
}

/// Why a text is not an acceptable endpoint URL.
package struct EndpointURLError: Error, Sendable, Equatable, CustomStringConvertible {
    package var reason: String
    package init(_ reason: String) { self.reason = reason }
    package var description: String { reason }
}

extension StringProtocol {
    /// Without leading and trailing spaces, tabs and line breaks.
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(String.UnicodeScalarView(scalars[first...last]))
    }
}
