import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few system calls the store needs where Foundation gives too little control over modes,
/// atomicity or durability. Each throws the `errno` it met; callers turn it into a `StoreError`
/// that names what they were doing.
enum POSIXFiles {
    /// Creates `url` with `mode` if it is missing, and its missing parents with 0755
    /// (like `mkdir -p`). An existing directory is left as it is: its mode is the operator's.
    static func makeDirectory(_ url: URL, mode: mode_t) throws(POSIXFailure) {
        let path = url.path
        if mkdir(path, mode) == 0 { return }
        switch errno {
        case EEXIST:
            guard isDirectory(path) else { throw POSIXFailure(code: ENOTDIR, path: path) }
        case ENOENT where url.pathComponents.count > 1:
            try makeDirectory(url.deletingLastPathComponent(), mode: 0o755)
            guard mkdir(path, mode) == 0 || (errno == EEXIST && isDirectory(path)) else {
                throw POSIXFailure(path: path)
            }
        default:
            throw POSIXFailure(path: path)
        }
    }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Why the directory is not writable (`EROFS`, `EACCES`, ...), or nil if it is.
    static func writeProblem(at directory: URL) -> Int32? {
        access(directory.path, W_OK) == 0 ? nil : errno
    }

    /// Opens `path`, retrying on `EINTR`.
    static func openFile(_ path: String, _ flags: Int32, mode: mode_t = 0) throws(POSIXFailure) -> Int32 {
        while true {
            let descriptor = open(path, flags, mode)
            if descriptor >= 0 { return descriptor }
            if errno != EINTR { throw POSIXFailure(path: path) }
        }
    }

    /// Writes every byte of `bytes` at the current offset.
    static func writeAll(_ descriptor: Int32, _ bytes: [UInt8], path: String) throws(POSIXFailure) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                throw POSIXFailure(path: path)
            }
            offset += written
        }
    }

    /// Reads to the end of the file; more than `limit` bytes is `EFBIG`.
    static func readAll(_ descriptor: Int32, limit: Int, path: String) throws(POSIXFailure) -> [UInt8] {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while bytes.count <= limit {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw POSIXFailure(path: path)
            }
            if count == 0 { return bytes }
            bytes += buffer[..<count]
        }
        throw POSIXFailure(code: EFBIG, path: path)
    }

    /// Flushes a file's data and metadata to the disk.
    static func sync(_ descriptor: Int32, path: String) throws(POSIXFailure) {
        guard fsync(descriptor) == 0 else { throw POSIXFailure(path: path) }
    }

    /// Writes `bytes` to `temporary` (created with exactly `mode`, never readable by others),
    /// flushes it, renames it over `target` and flushes `directory`: a crash leaves the old file
    /// or the new one. `temporary` is removed if anything fails before the rename.
    static func writeAtomically(_ bytes: [UInt8], to target: String, through temporary: String, in directory: URL,
                                mode: mode_t) throws(POSIXFailure) {
        let descriptor = try openFile(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode: mode)
        do throws(POSIXFailure) {
            defer { close(descriptor) }
            // The umask can only narrow the mode; make it exact all the same.
            guard fchmod(descriptor, mode) == 0 else { throw POSIXFailure(path: temporary) }
            try writeAll(descriptor, bytes, path: temporary)
            try sync(descriptor, path: temporary)
            guard rename(temporary, target) == 0 else { throw POSIXFailure(path: target) }
        } catch {
            unlink(temporary)
            throw error
        }
        try syncDirectory(directory)
    }

    /// Makes a rename or unlink inside `directory` durable.
    static func syncDirectory(_ directory: URL) throws(POSIXFailure) {
        let descriptor = try openFile(directory.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        defer { close(descriptor) }
        try sync(descriptor, path: directory.path)
    }
}

/// A failed system call: its `errno` and the path it was about.
struct POSIXFailure: Error {
    let code: Int32
    let path: String

    /// Captures the current `errno`.
    init(path: String) {
        self.init(code: errno, path: path)
    }

    init(code: Int32, path: String) {
        self.code = code
        self.path = path
    }

    /// The `StoreError` for this failure while trying to `action`.
    func storeError(action: String, paths: StatePaths) -> StoreError {
        StoreError.fileSystem(errno: code, action: action, path: path, stateDirectory: paths.directory.path)
    }
}
