import AsyncHTTPClient

/// The proxy every request of a `FederationHTTPClient` goes through: `http://HOST:PORT` (or
/// `HOST:PORT`), an HTTP proxy that opens a tunnel with `CONNECT`, or `socks5://HOST:PORT`.
/// The port defaults to 1080. Credentials in the URL are refused: they would have to be kept
/// where a description could print them.
package struct HTTPProxy: Sendable, Hashable, CustomStringConvertible {
    package enum Kind: String, Sendable {
        case http
        case socks5
    }

    package let kind: Kind
    package let host: String
    package let port: Int

    package var description: String { "\(kind.rawValue)://\(EndpointURL.bracketed(host)):\(port)" }

    var configuration: AsyncHTTPClient.HTTPClient.Configuration.Proxy {
        switch kind {
        case .http: .server(host: host, port: port)
        case .socks5: .socksServer(host: host, port: port)
        }
    }

    /// Parses a proxy setting.
    package static func parse(_ text: String) throws(EndpointURLError) -> HTTPProxy {
        var rest = Substring(text.trimmingWhitespace())
        var kind = Kind.http
        if let separator = rest.firstRange(of: "://") {
            let name = rest[..<separator.lowerBound].lowercased()
            guard let known = Kind(rawValue: name) else {
                throw EndpointURLError("the proxy scheme \(name) is not supported: use http:// or socks5://")
            }
            kind = known
            rest = rest[separator.upperBound...]
        }
        while rest.hasSuffix("/") { rest.removeLast() }
        guard !rest.contains("@") else {
            throw EndpointURLError("the proxy URL may not hold credentials: use a proxy that admits this host")
        }
        guard !rest.contains("/") else { throw EndpointURLError("the proxy URL may hold only a host and a port") }
        let (host, port) = try EndpointURL.splitAuthority(rest)
        return HTTPProxy(kind: kind, host: host, port: port ?? 1080)
    }
}
