import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The exclusive claim of one steward process on a state directory: an `flock` on
/// `STATE/steward.lock`, which also holds the owner's pid for the error message of the next one.
///
/// A `final class` rather than a non-copyable struct, so that services can share and store it
/// freely; the descriptor sits in a `Mutex`, which makes it `Sendable` and `release()` safe to
/// call from any thread, any number of times. The kernel drops the lock when the process dies,
/// so a crash never leaves a stale lock (a stale pid in the file is harmless and overwritten).
package final class StateDirectoryLock: Sendable {
    /// `STATE/steward.lock`.
    package var fileURL: URL { paths.lock }

    private let paths: StatePaths
    private let descriptor: Mutex<Int32?>

    /// Takes the lock without waiting, creating the state directory (0700) if it is missing.
    /// Fails with `.stateDirectoryInUse`, naming the holder's pid, if another process has it.
    package init(stateDirectory: URL) throws(StoreError) {
        let paths = StatePaths(stateDirectory: stateDirectory)
        let path = paths.lock.path
        let fd: Int32
        do throws(POSIXFailure) {
            try POSIXFiles.makeDirectory(paths.directory, mode: 0o700)
            fd = try POSIXFiles.openFile(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, mode: 0o644)
        } catch {
            throw error.storeError(action: "open the lock file", paths: paths)
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            let holder = Self.pid(in: fd)
            close(fd)
            if code == EWOULDBLOCK {
                throw StoreError.stateDirectoryInUse(stateDirectory: paths.directory.path, pid: holder)
            }
            throw POSIXFailure(code: code, path: path).storeError(action: "lock the state directory", paths: paths)
        }
        let pid = Array("\(getpid())\n".utf8)
        guard ftruncate(fd, 0) == 0, pwrite(fd, pid, pid.count, 0) == pid.count else {
            let failure = POSIXFailure(path: path)
            close(fd)
            throw failure.storeError(action: "write the pid into the lock file", paths: paths)
        }
        self.paths = paths
        self.descriptor = Mutex(fd)
    }

    deinit {
        release()
    }

    /// Gives the directory up. Safe to call more than once.
    package func release() {
        descriptor.withLock { fd in
            guard let open = fd else { return }
            // Clear the pid while still holding the lock, so no one reads a stale one.
            _ = ftruncate(open, 0)
            close(open)
            fd = nil
        }
    }

    /// The pid written in an open lock file, if it holds one.
    private static func pid(in fd: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        let text = String(decoding: buffer[..<count], as: UTF8.self)
        return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
