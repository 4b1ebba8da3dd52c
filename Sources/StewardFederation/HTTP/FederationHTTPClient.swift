import AsyncHTTPClient
import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

/// The HTTP client of the federated login, on AsyncHTTPClient (SwiftNIO).
///
/// Every request has connect and total time limits, verifies TLS certificates and host names
/// (against the system's trust roots, or a PEM bundle given here), follows no redirect unless
/// asked and then only on the same origin, and stops reading an answer once it passes
/// `responseLimit`. Plain `http://` goes only to loopback addresses: a request for any other
/// host is refused before a connection is opened. A proxy comes only from `proxy`:
/// AsyncHTTPClient reads no `https_proxy`-style variables, so the process environment cannot
/// silently reroute credentials. Cancelling the calling task aborts the request.
///
/// Lifecycle: AsyncHTTPClient's `HTTPClient.shared` needs no shutdown, but it follows redirects
/// and takes no proxy, CA bundle or time limits, so this client owns its own AsyncHTTPClient
/// clients, one per connect time limit in use (the connect limit is a client setting there;
/// the login uses one). They run on SwiftNIO's process-wide event loop group and are shut down
/// when this object is released. `shared` is never released: it lives for the process, and
/// its idle connections close with it. SwiftNIO opens its sockets without close-on-exec; the
/// daemon starts no child processes.
package final class FederationHTTPClient: HTTPClient {
    /// One client for the process (direct connections, the system's trust roots).
    package static let shared = FederationHTTPClient()

    private let proxy: HTTPProxy?
    private let caBundlePath: String?
    private let responseLimit: Int
    private let clients = Mutex<[Duration: AsyncHTTPClient.HTTPClient]>([:])

    /// - Parameters:
    ///   - proxy: a proxy for every request, or nil for direct connections.
    ///   - caBundlePath: a PEM file of trusted CAs instead of the system's.
    ///   - responseLimit: the largest answer body accepted, in bytes.
    package init(proxy: HTTPProxy? = nil, caBundlePath: String? = nil, responseLimit: Int = 4 << 20) {
        self.proxy = proxy
        self.caBundlePath = caBundlePath
        self.responseLimit = responseLimit
    }

    deinit {
        // AsyncHTTPClient keeps a client alive while it shuts down; no request can be running,
        // since each holds this object.
        clients.withLock { clients in
            for client in clients.values { client.shutdown { _ in } }
            clients.removeAll()
        }
    }

    package func send(_ request: HTTPRequest) async throws(HTTPTransportError) -> HTTPResponse {
        let host = request.endpoint.host
        guard request.endpoint.scheme == .https || request.endpoint.isLoopback else {
            throw .plainHTTPRefused(host: host)
        }
        guard !Task.isCancelled else { throw .cancelled(host: host) }
        let exchange = HTTPExchange(client: client(connectTimeout: request.timeouts.connect), host: host,
                                    caBundlePath: caBundlePath, responseLimit: responseLimit)
        var url = request.url
        var method = request.method
        var body = request.body
        var cookies = SessionCookies()
        var hops = 0
        while true {
            let answer = try await exchange.run(HTTPExchange.Hop(url: url, method: method, headers: request.headers + cookies.headers,
                                                                 body: body), within: request.timeouts.total)
            guard (300..<400).contains(answer.response.status), case .sameOrigin(let limit) = request.redirects,
                  let location = answer.response.headers["location"] else {
                return answer.response
            }
            let resolved = RedirectTarget.resolve(location, against: url)
            guard let target = RedirectTarget(resolved), target.origin == request.endpoint.origin else {
                throw .redirectRefused(host: host, target: RedirectTarget.hostName(of: resolved))
            }
            hops += 1
            guard hops <= limit else { throw .tooManyRedirects(host: host) }
            cookies.receive(answer.setCookies)
            url = resolved
            if answer.response.status != 307 && answer.response.status != 308 {
                method = .get
                body = []
            }
        }
    }

    /// The AsyncHTTPClient client for this connect time limit, created on first use.
    private func client(connectTimeout: Duration) -> AsyncHTTPClient.HTTPClient {
        clients.withLock { clients in
            if let client = clients[connectTimeout] { return client }
            var configuration = AsyncHTTPClient.HTTPClient.Configuration()
            configuration.tlsConfiguration = Self.tls(caBundlePath: caBundlePath)
            configuration.redirectConfiguration = .disallow
            configuration.timeout = .init(connect: TimeAmount(connectTimeout))
            configuration.proxy = proxy?.configuration
            configuration.decompression = .disabled
            // A refused connection fails the request at once (the login's caller retries with
            // backoff) rather than being retried here until the connect limit.
            configuration.connectionPool.retryConnectionEstablishment = false
            let client = AsyncHTTPClient.HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton,
                                                    configuration: configuration)
            clients[connectTimeout] = client
            return client
        }
    }

    private static func tls(caBundlePath: String?) -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.certificateVerification = .fullVerification
        tls.minimumTLSVersion = .tlsv12
        if let caBundlePath { tls.trustRoots = .file(caBundlePath) }
        return tls
    }
}

extension TimeAmount {
    /// A `Duration` in nanoseconds (saturating), at least one.
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        let nanoseconds = overflow ? Int64.max : scaled.addingReportingOverflow(attoseconds / 1_000_000_000).partialValue
        self = .nanoseconds(Swift.max(1, nanoseconds))
    }
}
