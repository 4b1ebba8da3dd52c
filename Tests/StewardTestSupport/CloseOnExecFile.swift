#if canImport(Glibc)
import Glibc
#endif

/// Small file reads and writes whose descriptors close on exec: tests run in parallel in one
/// process, and a child spawned by another test must not inherit them.
package enum CloseOnExecFile {
    /// Creates `path` (which must not exist) with mode 0600 and writes `bytes`.
    package static func writeNew(_ path: String, _ bytes: [UInt8]) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw TestSupportError("could not create \(path): errno \(errno)") }
        defer { close(fd) }
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard count > 0 else { throw TestSupportError("could not write \(path): errno \(errno)") }
            written += count
        }
    }

    /// The file's text, or nil when it cannot be read.
    package static func read(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            guard count > 0 else { return count == 0 ? String(decoding: bytes, as: UTF8.self) : nil }
            bytes += buffer[0..<count]
        }
    }
}
