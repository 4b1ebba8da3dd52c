#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a small regular file without ever blocking, reading from anything else, or opening a
/// file the caller must not touch.
///
/// Linux drops every POSIX (`fcntl`) lock a process holds on a file when the process closes
/// *any* descriptor of that file, so a read of SQLite's own database would silently release the
/// store's locks. The file's identity is therefore checked before any real open:
///
/// 1. `open(path, O_PATH | O_CLOEXEC)` (with `O_NOFOLLOW` unless `followLinks`): a handle that
///    reads nothing, blocks on nothing and whose close drops no lock (the kernel skips
///    `locks_remove_posix` for `FMODE_PATH` files); a symbolic link opened this way is itself
///    the file, and is refused;
/// 2. `fstat` it: only a regular file within `limit`, and not one whose device and inode are in
///    `protected` (the state directory's files); with `ownerOnly`, not one that its group or
///    others may read or write (a key file);
/// 3. open `/proc/self/fd/N` with `O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC` (the same file,
///    not the path again) and `fstat` once more: the device and inode must be the ones checked,
///    and reading stops one byte past `limit` even if the file grows.
package enum RegularFileReader {
    package enum Failure: Error, Equatable {
        case notFound
        case permissionDenied
        case symlinkLoop
        /// The last component is a symbolic link, and links are not followed here.
        case symbolicLink
        /// The path is not a regular file; `kind` says what it is, e.g. `a directory`.
        case notRegular(kind: String)
        /// The file is larger than the limit; `size` is its size, or the bytes read before stopping.
        case tooLarge(size: Int)
        /// The file is one of the state directory's (`what` names it, e.g. `the status store steward.sqlite`).
        case protected(what: String)
        /// `ownerOnly` was asked and the file's group or others have access; `mode` is its
        /// permission bits (e.g. `0o644`).
        case accessibleToOthers(mode: UInt32)
        /// Anything else, with the system's own words.
        case system(operation: String, reason: String)
    }

    /// `O_PATH` (Linux, `010000000` on every architecture Swift runs on), which Glibc's Swift
    /// module does not export.
    static let openPathOnly: Int32 = 0o10000000

    package static func contents(ofFileAt path: String, limit: Int, followLinks: Bool = true, ownerOnly: Bool = false,
                                 protected: ProtectedFiles = ProtectedFiles()) -> Result<[UInt8], Failure> {
        let handle = open(path, openPathOnly | O_CLOEXEC | (followLinks ? 0 : O_NOFOLLOW))
        guard handle >= 0 else { return .failure(failure(errno, operation: "open")) }
        var checked = stat()
        guard fstat(handle, &checked) == 0 else {
            let code = errno
            close(handle)
            return .failure(failure(code, operation: "fstat"))
        }
        if let problem = protected.problem(checked) ?? check(checked, limit: limit) ?? access(checked, ownerOnly: ownerOnly) {
            close(handle)
            return .failure(problem)
        }
        let descriptor = open("/proc/self/fd/\(handle)", O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)
        let openError = errno
        close(handle)
        guard descriptor >= 0 else { return .failure(failure(openError, operation: "open")) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return .failure(failure(errno, operation: "fstat")) }
        guard info.st_dev == checked.st_dev && info.st_ino == checked.st_ino else {
            return .failure(.system(operation: "open", reason: "the file was replaced while it was being opened"))
        }
        if let problem = check(info, limit: limit) ?? access(info, ownerOnly: ownerOnly) { return .failure(problem) }
        return readAll(descriptor, size: Int(info.st_size), limit: limit)
    }

    private static func readAll(_ descriptor: Int32, size: Int, limit: Int) -> Result<[UInt8], Failure> {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(min(size, limit) + 1)
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while bytes.count <= limit {
            let wanted = min(chunk.count, limit + 1 - bytes.count)
            let count = chunk.withUnsafeMutableBytes { buffer in
                read(descriptor, buffer.baseAddress, wanted)
            }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(failure(errno, operation: "read"))
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        if bytes.count > limit { return .failure(.tooLarge(size: max(size, bytes.count))) }
        return .success(bytes)
    }

    private static func check(_ info: stat, limit: Int) -> Failure? {
        let type = info.st_mode & S_IFMT
        if type == S_IFLNK { return .symbolicLink }
        guard type == S_IFREG else { return .notRegular(kind: kindName(type)) }
        if Int(info.st_size) > limit { return .tooLarge(size: Int(info.st_size)) }
        return nil
    }

    /// The refusal of a file its group or others may use, when only its owner may.
    private static func access(_ info: stat, ownerOnly: Bool) -> Failure? {
        let permissions = UInt32(info.st_mode & 0o777)
        guard ownerOnly, permissions & 0o077 != 0 else { return nil }
        return .accessibleToOthers(mode: permissions)
    }

    private static func kindName(_ type: mode_t) -> String {
        switch type {
        case S_IFDIR: "a directory"
        case S_IFIFO: "a FIFO (named pipe)"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFSOCK: "a socket"
        default: "not a regular file"
        }
    }

    private static func failure(_ code: Int32, operation: String) -> Failure {
        switch code {
        case ENOENT, ENOTDIR: .notFound
        case EACCES, EPERM: .permissionDenied
        case ELOOP: .symlinkLoop
        default: .system(operation: operation, reason: String(cString: strerror(code)))
        }
    }
}
