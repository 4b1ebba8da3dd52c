import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Writes whole log lines to a file descriptor.
///
/// Each line is handed to the kernel in one `write(2)`, which pipes and terminals keep in one
/// piece; a lock held for the whole line also keeps lines from this process apart in the rare
/// case of a short write (a line longer than the pipe buffer, or a signal).
enum LineWriter {
    private static let lock = Mutex(())

    /// Writes all of `bytes` to `descriptor`, retrying after `EINTR` and short writes.
    /// Errors are dropped: there is nowhere left to report a failure to log.
    static func write(_ bytes: [UInt8], to descriptor: Int32) {
        lock.withLock { _ in
            bytes.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let written = Glibc.write(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        return
                    }
                    offset += written
                }
            }
        }
    }
}
