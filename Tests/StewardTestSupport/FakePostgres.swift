import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A fake PostgreSQL server on 127.0.0.1 that asks every client for a cleartext password and
/// records what it is sent: the witness that a request made the daemon send (or not send) some
/// value to a host the caller chose.
///
/// Each connection: an `SSLRequest` is declined (`N`); the `StartupMessage` is answered with
/// `AuthenticationCleartextPassword`; the `PasswordMessage` is recorded and answered with a
/// FATAL `28P01` error; then the connection is closed. A thread serves connections one at a
/// time until `close()`.
package final class FakePostgres: Sendable {
    private let listener: SilentListener
    private let state = Mutex<(connections: Int, passwords: [String])>((0, []))
    package var port: Int { listener.port }

    package init() throws {
        listener = try SilentListener()
        let fd = listener.socket.fd
        Thread.detachNewThread { [self] in
            while true {
                let client = accept(fd, nil, nil)
                guard client >= 0 else {
                    if errno == EINTR { continue }
                    return
                }
                serve(client)
                Glibc.close(client)
            }
        }
    }

    /// Connections accepted so far.
    package var connections: Int { state.withLock { $0.connections } }
    /// Every password received, in order.
    package var passwords: [String] { state.withLock { $0.passwords } }

    /// Stops accepting (the serving thread ends).
    package func close() {
        shutdown(listener.socket.fd, Int32(SHUT_RDWR))
        listener.close()
    }

    private func serve(_ client: Int32) {
        state.withLock { $0.connections += 1 }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        // The startup packet has no type byte: length, then the protocol code (or SSLRequest's).
        guard var startup = Self.readPacket(client, typed: false) else { return }
        if startup.count >= 4, Self.int32(startup, at: 0) == 80_877_103 || Self.int32(startup, at: 0) == 80_877_104 {
            Self.send(client, [UInt8(ascii: "N")])
            guard let next = Self.readPacket(client, typed: false) else { return }
            startup = next
        }
        Self.send(client, [UInt8(ascii: "R"), 0, 0, 0, 8, 0, 0, 0, 3])
        guard let password = Self.readPacket(client, typed: true), password.first == UInt8(ascii: "p") else { return }
        let text = String(decoding: password.dropFirst().prefix { $0 != 0 }, as: UTF8.self)
        state.withLock { $0.passwords.append(text) }
        let fields = "SFATAL\0C28P01\0Mpassword authentication failed (fake server)\0\0"
        let body = Array(fields.utf8)
        Self.send(client, [UInt8(ascii: "E")] + Self.bigEndian(UInt32(body.count + 4)) + body)
    }

    /// A packet: with `typed`, the type byte then the body; without, the body after the length.
    private static func readPacket(_ fd: Int32, typed: Bool) -> [UInt8]? {
        guard let type = typed ? read(fd, count: 1) : [] else { return nil }
        guard let lengthBytes = read(fd, count: 4) else { return nil }
        let length = Int(int32(lengthBytes, at: 0))
        guard length >= 4, length < 1 << 20, let body = read(fd, count: length - 4) else { return nil }
        return type + body
    }

    private static func read(_ fd: Int32, count: Int) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let got = bytes[done...].withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard got > 0 else { return nil }
            done += got
        }
        return bytes
    }

    private static func send(_ fd: Int32, _ bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    private static func int32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        bytes[offset..<offset + 4].reduce(0) { $0 << 8 | UInt32($1) }
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xff), UInt8(value >> 8 & 0xff), UInt8(value & 0xff)]
    }
}
