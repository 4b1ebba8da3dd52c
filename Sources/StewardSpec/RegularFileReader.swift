#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a small regular file without ever blocking or reading from anything else.
///
/// The path is `stat`ed first, so FIFOs, devices, sockets and directories are refused without
/// being opened (opening a FIFO for reading would wait for a writer; opening some devices has
/// side effects). Symbolic links are followed: a link to a regular file is fine. The file is
/// then opened with `O_NONBLOCK | O_NOCTTY | O_CLOEXEC` and checked again with `fstat`, so a
/// file swapped for a FIFO in between is refused too, and reading stops one byte past `limit`
/// even if the file grows.
enum RegularFileReader {
    enum Failure: Error, Equatable {
        case notFound
        case permissionDenied
        case symlinkLoop
        /// The path is not a regular file; `kind` says what it is, e.g. `a directory`.
        case notRegular(kind: String)
        /// The file is larger than the limit; `size` is its size, or the bytes read before stopping.
        case tooLarge(size: Int)
        /// Anything else, with the system's own words.
        case system(operation: String, reason: String)
    }

    static func contents(ofFileAt path: String, limit: Int) -> Result<[UInt8], Failure> {
        var info = stat()
        guard stat(path, &info) == 0 else { return .failure(failure(errno, operation: "stat")) }
        if let problem = check(info, limit: limit) { return .failure(problem) }

        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(failure(errno, operation: "open")) }
        defer { close(descriptor) }
        guard fstat(descriptor, &info) == 0 else { return .failure(failure(errno, operation: "fstat")) }
        if let problem = check(info, limit: limit) { return .failure(problem) }

        var bytes: [UInt8] = []
        bytes.reserveCapacity(min(Int(info.st_size), limit) + 1)
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
        if bytes.count > limit { return .failure(.tooLarge(size: max(Int(info.st_size), bytes.count))) }
        return .success(bytes)
    }

    private static func check(_ info: stat, limit: Int) -> Failure? {
        let type = info.st_mode & S_IFMT
        guard type == S_IFREG else { return .notRegular(kind: kindName(type)) }
        if Int(info.st_size) > limit { return .tooLarge(size: Int(info.st_size)) }
        return nil
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
