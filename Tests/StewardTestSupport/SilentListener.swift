#if canImport(Glibc)
import Glibc
#endif

/// A TCP socket bound to a free port on 127.0.0.1.
package final class LoopbackSocket: Sendable {
    package let port: Int
    let fd: Int32

    package init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestSupportError("socket failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else {
            Glibc.close(fd)
            throw TestSupportError("bind failed")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        self.fd = fd
        self.port = Int(UInt16(bigEndian: address.sin_port))
    }

    package func close() { Glibc.close(fd) }
}

/// A loopback TCP socket that listens and never accepts or answers: connections complete the
/// handshake into the backlog and then hear nothing, like a server behind a black hole.
package final class SilentListener: Sendable {
    let socket: LoopbackSocket
    package var port: Int { socket.port }

    package init() throws {
        socket = try LoopbackSocket()
        guard listen(socket.fd, 16) == 0 else {
            socket.close()
            throw TestSupportError("listen failed")
        }
    }

    package func close() { socket.close() }
}
