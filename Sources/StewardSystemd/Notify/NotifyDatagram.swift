#if canImport(Glibc)
import Glibc
#endif

/// Sends one notification datagram to an `AF_UNIX` socket, the way `sd_notify(3)` does:
/// a fresh `SOCK_DGRAM` socket per message, closed right after.
/// Used only for a socket address given explicitly (see ``SystemdNotifier/init(environment:)``).
enum NotifyDatagram {
    /// Sends `message` to `address` (an absolute path, or `@name` for the abstract namespace).
    /// Returns whether the whole datagram was accepted by the kernel.
    static func send(_ message: String, to address: String) -> Bool {
        guard var socketAddress = SocketAddress(address) else { return false }
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        let bytes = Array(message.utf8)
        while true {
            let sent = bytes.withUnsafeBytes { buffer in
                withUnsafePointer(to: &socketAddress.storage) { pointer in
                    pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                        sendto(descriptor, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL), address, socketAddress.length)
                    }
                }
            }
            if sent < 0 && errno == EINTR { continue }
            return sent == bytes.count
        }
    }

    /// A `sockaddr_un` for a path or an abstract name, with the length `sendto(2)` needs.
    private struct SocketAddress {
        var storage = sockaddr_un()
        var length: socklen_t = 0

        init?(_ address: String) {
            var path = Array(address.utf8)
            let abstract = path.first == UInt8(ascii: "@")
            if abstract { path[0] = 0 }
            let capacity = MemoryLayout.size(ofValue: storage.sun_path)
            // A path needs room for its terminating NUL; an abstract name has none.
            guard path.count + (abstract ? 0 : 1) <= capacity else { return nil }
            storage.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &storage.sun_path) { field in
                field.copyBytes(from: path)
            }
            let pathOffset = MemoryLayout<sockaddr_un>.size - capacity
            length = socklen_t(pathOffset + path.count + (abstract ? 0 : 1))
        }
    }
}
