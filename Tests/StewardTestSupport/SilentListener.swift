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

    /// A socket that listens with this backlog.
    static func listening(backlog: Int32) throws -> LoopbackSocket {
        let socket = try LoopbackSocket()
        guard listen(socket.fd, backlog) == 0 else {
            socket.close()
            throw TestSupportError("listen failed")
        }
        return socket
    }

    package func close() { Glibc.close(fd) }
}

/// A loopback TCP socket that listens and never accepts or answers: connections complete the
/// handshake into the backlog and then hear nothing, like a server behind a black hole.
package final class SilentListener: Sendable {
    let socket: LoopbackSocket
    package var port: Int { socket.port }

    package init() throws {
        socket = try LoopbackSocket.listening(backlog: 16)
    }

    package func close() { socket.close() }
}

/// A loopback TCP socket whose backlog is full (of its own connection): the kernel drops new
/// connection attempts, so they hang until the client's connect time limit, like a host behind
/// a firewall that drops packets.
package final class BlackHoleListener: Sendable {
    let socket: LoopbackSocket
    private let filler: Int32
    package var port: Int { socket.port }

    package init() throws {
        socket = try LoopbackSocket.listening(backlog: 0)
        do {
            filler = try RawConnection.connectLoopback(port: socket.port)
        } catch {
            socket.close()
            throw error
        }
    }

    package func close() {
        Glibc.close(filler)
        socket.close()
    }
}
