/// One HTTP request of the federated login.
///
/// Requests carry secrets (the Okta password in a body, the session token in a query, the SAML
/// assertion in a form): nothing prints them. The mirror shows only the method and the origin.
package struct HTTPRequest: Sendable, CustomReflectable {
    package enum Method: String, Sendable {
        case get = "GET"
        case post = "POST"
    }

    /// Which redirects the client follows.
    package enum Redirects: Sendable, Equatable {
        /// None: a 3xx answer is returned as it is.
        case none
        /// Up to `limit` redirects that stay on the same scheme, host and port; a redirect
        /// anywhere else is refused with `HTTPTransportError.redirectRefused`.
        case sameOrigin(limit: Int)
    }

    package var method: Method
    /// Where to send it: scheme, host, port and base path (already checked by `EndpointURL`).
    package var endpoint: EndpointURL
    /// The path below the endpoint's path, starting with `/` (or empty) and already
    /// percent-encoded, including any `?query`.
    package var pathAndQuery: String
    package var headers: [HTTPHeader]
    package var body: [UInt8]
    package var timeouts: HTTPTimeouts
    package var redirects: Redirects

    package init(method: Method, endpoint: EndpointURL, pathAndQuery: String = "", headers: [HTTPHeader] = [],
                body: [UInt8] = [], timeouts: HTTPTimeouts = .standard, redirects: Redirects = .none) {
        self.method = method
        self.endpoint = endpoint
        self.pathAndQuery = pathAndQuery
        self.headers = headers
        self.body = body
        self.timeouts = timeouts
        self.redirects = redirects
    }

    /// The full URL. It may hold a secret (Okta's one-time token): never log it.
    var url: String { endpoint.origin + endpoint.joinedPath(pathAndQuery) }

    package var customMirror: Mirror {
        Mirror(self, children: ["method": method.rawValue, "origin": endpoint.origin], displayStyle: .struct)
    }
}

/// One request header.
package struct HTTPHeader: Sendable, Equatable {
    package var name: String
    package var value: String

    package init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// Connect and total time limits of one request (each redirect hop gets them afresh).
package struct HTTPTimeouts: Sendable, Equatable {
    package var connect: Duration
    package var total: Duration

    package init(connect: Duration, total: Duration) {
        self.connect = connect
        self.total = total
    }

    /// 10 s to connect, 30 s in all.
    package static let standard = HTTPTimeouts(connect: .seconds(10), total: .seconds(30))
}
