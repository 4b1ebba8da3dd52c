import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// One target, one spelling: a warehouse host as the one-active-integration-per-host-and-port
/// rule compares it. The reconciler and the API both decide with `isSame(as:)`.
///
/// `canonical` is the host in lower case without a trailing dot or IPv6 brackets, with an IPv4
/// literal in any form `inet_aton` accepts (`127.1`, `2130706433`, `0x7f000001`, `0177.0.0.1`)
/// written as a dotted quad, an IPv6 literal in `inet_ntop`'s form, and an IPv4-mapped IPv6
/// address (`::ffff:127.0.0.1`) as the IPv4 address. `addresses` are the canonical addresses
/// the name resolves to (`resolving`, bounded by a timeout; never called under a lock), so that
/// `localhost`, `127.1` and `127.0.0.1` are one target.
package struct TargetHost: Sendable, Hashable {
    package let spelling: String
    package let canonical: String
    package let addresses: Set<String>

    /// The host as written, without DNS: an IP literal's address is itself.
    package init(literal host: String) {
        spelling = host
        canonical = Self.canonical(host)
        addresses = Self.isAddress(canonical) ? [canonical] : []
    }

    private init(spelling: String, canonical: String, addresses: Set<String>) {
        self.spelling = spelling
        self.canonical = canonical
        self.addresses = addresses
    }

    /// The host with the addresses its name resolves to, waiting at most `timeout` for DNS
    /// (an answer that comes later is dropped: the spelling alone then decides).
    package static func resolving(_ host: String, timeout: Duration = .seconds(2)) -> TargetHost {
        resolvingAll([host], timeout: timeout)[host] ?? TargetHost(literal: host)
    }

    /// Every host of `hosts`, looked up at once, all within one `timeout` in total (however many
    /// there are: every integration may share port 5439).
    package static func resolvingAll(_ hosts: [String], timeout: Duration = .seconds(2)) -> [String: TargetHost] {
        var result: [String: TargetHost] = [:]
        for host in hosts { result[host] = TargetHost(literal: host) }
        let names = Set(result.values.filter { $0.addresses.isEmpty && !$0.canonical.isEmpty }.map(\.canonical))
        guard !names.isEmpty else { return result }
        let answers = Mutex<[String: Set<String>]>([:])
        let done = DispatchGroup()
        for name in names {
            DispatchQueue.global().async(group: done) {
                let found = lookUp(name)
                answers.withLock { $0[name] = found }
            }
        }
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        _ = done.wait(timeout: .now() + seconds)
        let found = answers.withLock { $0 }
        for (host, literal) in result {
            if let addresses = found[literal.canonical] {
                result[host] = TargetHost(spelling: host, canonical: literal.canonical, addresses: addresses)
            }
        }
        return result
    }

    /// Whether both name one target: the same canonical spelling, or a shared address.
    package func isSame(as other: TargetHost) -> Bool {
        canonical == other.canonical || !addresses.isDisjoint(with: other.addresses)
    }

    // MARK: - Spelling

    package static func canonical(_ host: String) -> String {
        var text = host.lowercased()
        if text.hasPrefix("[") && text.hasSuffix("]") { text = String(text.dropFirst().dropLast()) }
        while text.hasSuffix(".") && text.count > 1 { text.removeLast() }
        let ipv4Characters = text.unicodeScalars.allSatisfy { ("0"..."9").contains($0) || ("a"..."f").contains($0) || $0 == "x" || $0 == "." }
        var v4 = in_addr()
        if ipv4Characters, !text.isEmpty, inet_aton(text, &v4) != 0 { return dotted(v4) }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 { return ipv6(v6) }
        return text
    }

    static func isAddress(_ canonical: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, canonical, &v4) == 1 || inet_pton(AF_INET6, canonical, &v6) == 1
    }

    private static func dotted(_ address: in_addr) -> String {
        let value = UInt32(bigEndian: address.s_addr)
        return "\(value >> 24).\(value >> 16 & 0xff).\(value >> 8 & 0xff).\(value & 0xff)"
    }

    private static func ipv6(_ address: in6_addr) -> String {
        let bytes = withUnsafeBytes(of: address) { Array($0) }
        if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xff && bytes[11] == 0xff {
            return bytes[12..<16].map(String.init).joined(separator: ".")
        }
        var copy = address
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        guard inet_ntop(AF_INET6, &copy, &buffer, socklen_t(buffer.count)) != nil else { return "" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The canonical addresses of `name` (none when it does not resolve).
    private static func lookUp(_ name: String) -> Set<String> {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(name, nil, &hints, &list) == 0 else { return [] }
        defer { freeaddrinfo(list) }
        var found: Set<String> = []
        var entry = list
        while let current = entry?.pointee {
            if current.ai_family == AF_INET, let address = current.ai_addr {
                found.insert(address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { dotted($0.pointee.sin_addr) })
            } else if current.ai_family == AF_INET6, let address = current.ai_addr {
                found.insert(address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { ipv6($0.pointee.sin6_addr) })
            }
            entry = current.ai_next
        }
        return found
    }
}
