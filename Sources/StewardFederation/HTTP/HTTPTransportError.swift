/// Why an HTTP request got no usable answer. Descriptions name the host, never a path, query
/// or body (they can hold tokens).
package enum HTTPTransportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The host could not be resolved or did not accept the connection.
    case connectionFailed(host: String, detail: String)
    /// No complete answer within the time limit.
    case timedOut(host: String, detail: String)
    /// The TLS handshake failed or the certificate was not trusted.
    case tlsFailed(host: String, detail: String)
    /// Plain `http://` to a host that is not a loopback address: refused before connecting.
    case plainHTTPRefused(host: String)
    /// A redirect pointed at another scheme, host or port.
    case redirectRefused(host: String, target: String)
    /// More redirects than the request allows.
    case tooManyRedirects(host: String)
    /// The answer exceeded the size limit.
    case responseTooLarge(host: String, limit: Int)
    /// The calling task was cancelled.
    case cancelled(host: String)
    /// Any other transfer failure (connection reset, protocol error...).
    case failed(host: String, detail: String)

    /// Worth retrying later: the network or the peer may recover by itself.
    package var isTransient: Bool {
        switch self {
        case .connectionFailed, .timedOut, .failed, .cancelled: true
        case .tlsFailed, .plainHTTPRefused, .redirectRefused, .tooManyRedirects, .responseTooLarge: false
        }
    }

    package var host: String {
        switch self {
        case .connectionFailed(let host, _), .timedOut(let host, _), .tlsFailed(let host, _), .plainHTTPRefused(let host),
             .redirectRefused(let host, _), .tooManyRedirects(let host), .responseTooLarge(let host, _),
             .cancelled(let host), .failed(let host, _):
            host
        }
    }

    package var description: String {
        switch self {
        case .connectionFailed(let host, let detail): "could not connect to \(host): \(detail)"
        case .timedOut(let host, let detail): "\(host) did not answer in time: \(detail)"
        case .tlsFailed(let host, let detail): "TLS with \(host) failed: \(detail)"
        case .plainHTTPRefused(let host):
            "plain http to \(host) refused: it would send credentials in clear text; use https (http is only for loopback addresses)"
        case .redirectRefused(let host, let target): "\(host) redirected to \(target), another host: not followed"
        case .tooManyRedirects(let host): "\(host) redirected too many times"
        case .responseTooLarge(let host, let limit): "the answer from \(host) exceeded \(limit) bytes"
        case .cancelled(let host): "the request to \(host) was cancelled"
        case .failed(let host, let detail): "the request to \(host) failed: \(detail)"
        }
    }
}
