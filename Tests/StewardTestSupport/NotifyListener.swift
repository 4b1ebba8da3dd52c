import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The receiving end of a `NOTIFY_SOCKET`, as the service manager holds it: an `AF_UNIX`
/// `SOCK_DGRAM` socket bound to a path or an abstract name, with `SO_PASSCRED` set.
package final class NotifyListener: Sendable {
    /// The value to export as `NOTIFY_SOCKET`.
    package let address: String
    private let descriptor: Int32
    /// Holds the directory of a path socket for as long as the listener lives.
    private let directory: String?

    package struct Failure: Error, CustomStringConvertible {
        package var description: String
    }

    /// Binds `address`: a path, or an abstract name when it starts with `@`.
    package init(address: String, directory: String? = nil) throws {
        self.address = address
        self.directory = directory
        descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw Failure(description: "socket: \(String(cString: strerror(errno)))") }
        var on: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_PASSCRED, &on, socklen_t(MemoryLayout<Int32>.size))

        var storage = sockaddr_un()
        storage.sun_family = sa_family_t(AF_UNIX)
        var bytes = Array(address.utf8)
        let abstract = bytes.first == UInt8(ascii: "@")
        if abstract { bytes[0] = 0 }
        let capacity = MemoryLayout.size(ofValue: storage.sun_path)
        guard bytes.count < capacity else {
            close(descriptor)
            throw Failure(description: "socket address too long: \(address)")
        }
        withUnsafeMutableBytes(of: &storage.sun_path) { $0.copyBytes(from: bytes) }
        let length = socklen_t(MemoryLayout<sockaddr_un>.size - capacity + bytes.count + (abstract ? 0 : 1))
        let bound = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        guard bound == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw Failure(description: "bind \(address): \(reason)")
        }
    }

    /// A listener on a socket file in a fresh temporary directory.
    package static func path() throws -> NotifyListener {
        let directory = try TemporaryDirectory("steward-notify")
        return try NotifyListener(address: directory.path + "/notify", directory: directory.path)
    }

    /// A listener on a fresh abstract name.
    package static func abstract() throws -> NotifyListener {
        try NotifyListener(address: "@steward-notify-test-\(UUID().uuidString)")
    }

    /// The next datagram, waiting at most `timeout`; nil if none arrived.
    package func receive(timeout: Duration = .zero) -> String? {
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        let milliseconds = Int32(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        guard poll(&poller, 1, milliseconds) == 1 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
        guard count >= 0 else { return nil }
        return String(decoding: buffer[..<count], as: UTF8.self)
    }

    /// Every datagram already queued.
    package func drain() -> [String] {
        var messages: [String] = []
        while let message = receive() { messages.append(message) }
        return messages
    }

    deinit {
        close(descriptor)
        if !address.hasPrefix("@") { unlink(address) }
        if let directory { rmdir(directory) }
    }
}

extension String {
    /// The `KEY=VALUE` assignments of a notification datagram.
    package var notifyAssignments: [String: String] {
        var result: [String: String] = [:]
        for line in split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            result[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        return result
    }
}
