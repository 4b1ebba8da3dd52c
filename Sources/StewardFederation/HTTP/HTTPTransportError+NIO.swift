import AsyncHTTPClient
import NIOCore
import NIOPosix
import NIOSSL
#if canImport(Glibc)
import Glibc
#endif

extension HTTPTransportError {
    /// What an AsyncHTTPClient or SwiftNIO error means for a request to `host`. The texts come
    /// from error types that carry addresses and codes, never a URL, header or body.
    /// - Parameter cancelled: the calling task was cancelled (any error then counts as that).
    init(_ error: any Error, host: String, caBundlePath: String?, cancelled: Bool) {
        if cancelled || error is CancellationError {
            self = .cancelled(host: host)
            return
        }
        switch error {
        case let error as HTTPClientError:
            self = Self.client(error, host: host)
        case let error as NIOConnectionError:
            self = Self.connection(error, host: host, caBundlePath: caBundlePath)
        case let error as ChannelError:
            if case .connectTimeout = error {
                self = .timedOut(host: host, detail: "no connection within the connect time limit; is the host reachable from here?")
            } else {
                self = .failed(host: host, detail: "\(error)")
            }
        case let error as IOError:
            self = Self.io(error, host: host)
        case let error as NIOSSLError:
            self = Self.tls(error, host: host, caBundlePath: caBundlePath)
        case let error as NIOSSLExtraError where error == .failedToValidateHostname:
            self = .tlsFailed(host: host, detail: "its certificate is not issued for \(host); check the host name")
        case let error as NIOSSLExtraError:
            self = .tlsFailed(host: host, detail: "\(error)")
        default:
            self = .failed(host: host, detail: "\(error)")
        }
    }

    private static func client(_ error: HTTPClientError, host: String) -> HTTPTransportError {
        switch error {
        case .connectTimeout:
            .timedOut(host: host, detail: "no connection within the connect time limit; is the host reachable from here?")
        case .deadlineExceeded, .readTimeout, .writeTimeout:
            .timedOut(host: host, detail: "no complete answer within the time limit")
        case .tlsHandshakeTimeout:
            .timedOut(host: host, detail: "the TLS handshake did not finish within the connect time limit")
        case .cancelled:
            .cancelled(host: host)
        case .invalidProxyResponse, .proxyAuthenticationRequired, .httpProxyHandshakeTimeout, .socksHandshakeTimeout:
            .connectionFailed(host: host, detail: "the proxy did not open a tunnel (\(error.shortDescription)); check the proxy setting")
        case .remoteConnectionClosed:
            .failed(host: host, detail: "the server closed the connection before answering")
        default:
            .failed(host: host, detail: error.shortDescription)
        }
    }

    private static func io(_ error: IOError, host: String) -> HTTPTransportError {
        switch error.errnoCode {
        case ECONNREFUSED:
            .connectionFailed(host: host, detail: "the connection was refused; is the service up and the port right?")
        case ENETUNREACH, EHOSTUNREACH, EADDRNOTAVAIL:
            .connectionFailed(host: host, detail: "the host is unreachable from here (\(error.description)); check the network and any proxy")
        default:
            .failed(host: host, detail: error.description)
        }
    }

    /// The first attempt's error (TLS is set up while connecting); a DNS failure otherwise.
    private static func connection(_ error: NIOConnectionError, host: String, caBundlePath: String?) -> HTTPTransportError {
        guard let failure = error.connectionErrors.first else {
            let resolved = error.dnsAError == nil && error.dnsAAAAError == nil
            return .connectionFailed(host: host, detail: resolved ? "no address to connect to"
                                         : "the host name could not be resolved; check its spelling and the DNS settings")
        }
        let mapped = HTTPTransportError(failure.error, host: host, caBundlePath: caBundlePath, cancelled: false)
        guard case .failed(_, let detail) = mapped else { return mapped }
        return .connectionFailed(host: host, detail: detail)
    }

    private static func tls(_ error: NIOSSLError, host: String, caBundlePath: String?) -> HTTPTransportError {
        switch error {
        case .failedToLoadCertificate, .noSuchFilesystemObject:
            let bundle = caBundlePath.map { "the CA bundle \($0)" } ?? "the system's CA certificates"
            return .tlsFailed(host: host, detail: "\(bundle) could not be read; give a readable PEM file")
        case .handshakeFailed(let reason):
            return .tlsFailed(host: host, detail: "the handshake failed (\(reason)); does the host speak https on this port, "
                                  + "and is its certificate from a trusted CA?")
        case .uncleanShutdown:
            return .failed(host: host, detail: "the server closed the TLS connection without closing TLS first")
        default:
            return .tlsFailed(host: host, detail: "\(error)")
        }
    }
}
