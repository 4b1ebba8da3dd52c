#if canImport(Glibc)
import Glibc
#endif

/// Where the HTTP API listens: `unix:/run/steward/api.sock`, `127.0.0.1:8787`, `[::1]:8787`,
/// `localhost:8787` or any `HOST:PORT` (which then needs TLS).
package enum ListenAddress: Sendable, Hashable, CustomStringConvertible {
    case unix(path: String)
    case tcp(host: String, port: Int)

    /// Parses one `listen` entry; the error says what a valid entry looks like.
    package init(parsing text: String) throws(APIConfigurationError) {
        let example = "use unix:/run/steward/api.sock, 127.0.0.1:8787 or [::1]:8787"
        if text.hasPrefix("unix:") {
            let path = String(text.dropFirst("unix:".count))
            guard path.hasPrefix("/"), path.utf8.count < 108 else {
                throw APIConfigurationError("api.listen: \(text): a unix socket needs an absolute path of at most 107 bytes; \(example)")
            }
            self = .unix(path: path)
            return
        }
        let host: Substring
        let portText: Substring
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            host = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { throw APIConfigurationError("api.listen: \(text): missing :PORT after the address; \(example)") }
            portText = rest.dropFirst()
        } else if let colon = text.lastIndex(of: ":"), !text[..<colon].contains(":") {
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        } else {
            throw APIConfigurationError("api.listen: \(text): expected HOST:PORT or unix:PATH (IPv6 addresses in brackets); \(example)")
        }
        guard !host.isEmpty else {
            throw APIConfigurationError("api.listen: \(text): the host is missing (0.0.0.0 for every address, which needs TLS); \(example)")
        }
        guard let port = Int(portText), (0...65535).contains(port) else {
            throw APIConfigurationError("api.listen: \(text): the port must be a number from 0 to 65535; \(example)")
        }
        self = .tcp(host: String(host), port: port)
    }

    /// Whether only this machine can reach the address: a unix socket, `localhost`, 127.0.0.0/8, ::1.
    package var isLoopback: Bool {
        switch self {
        case .unix:
            return true
        case .tcp(let host, _):
            if host == "localhost" { return true }
            var v4 = in_addr()
            if inet_pton(AF_INET, host, &v4) == 1 {
                return UInt32(bigEndian: v4.s_addr) >> 24 == 127
            }
            var v6 = in6_addr()
            if inet_pton(AF_INET6, host, &v6) == 1 {
                return withUnsafeBytes(of: &v6) { bytes in bytes.dropLast().allSatisfy { $0 == 0 } && bytes.last == 1 }
            }
            return false
        }
    }

    package var description: String {
        switch self {
        case .unix(let path): "unix:\(path)"
        case .tcp(let host, let port): host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        }
    }
}
