#if canImport(Glibc)
import Glibc
#endif

/// The files a read of a secret (or a spec) must never open: every entry under the state
/// directory — the status store and its `-wal` and `-shm`, the lock, the secrets of every
/// integration — known by device and inode, so that no path, hard link or bind mount leads to
/// them. Opening and closing one of SQLite's files would drop the store's POSIX locks (see
/// `RegularFileReader`); reading a secret of another integration would hand it to whoever
/// named it.
///
/// Taken fresh for each read (secret files come and go), by walking the directory with `lstat`
/// only: never opening a file, never following a link, at most `maximumDepth` levels and
/// `maximumEntries` entries. One entry may be let through by its exact path (`readableThrough`):
/// a request secret in `STATE/api-secrets`, which the spec the API wrote names that way.
package struct ProtectedFiles: Sendable {
    struct Identity: Hashable, Sendable {
        var device: UInt64
        var inode: UInt64
    }

    package static let maximumDepth = 3
    package static let maximumEntries = 10_000

    /// Identity → the entry's path relative to the state directory.
    var entries: [Identity: String] = [:]
    var root = ""

    /// Nothing protected.
    package init() {}

    /// Every entry under `stateDirectory` except the one at `readableThrough`.
    package init(stateDirectory: String, readableThrough exempt: String? = nil) {
        root = stateDirectory.hasSuffix("/") ? String(stateDirectory.dropLast()) : stateDirectory
        var pending = [(path: root, depth: 0)]
        while let (directory, depth) = pending.popLast(), entries.count < Self.maximumEntries {
            guard let stream = opendir(directory) else { continue }
            defer { closedir(stream) }
            while let entry = readdir(stream), entries.count < Self.maximumEntries {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                if name == "." || name == ".." { continue }
                let path = directory + "/" + name
                var info = stat()
                guard lstat(path, &info) == 0 else { continue }
                if (info.st_mode & S_IFMT) == S_IFDIR {
                    if depth + 1 < Self.maximumDepth { pending.append((path, depth + 1)) }
                    continue
                }
                if path == exempt { continue }
                entries[Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))] = String(path.dropFirst(root.count + 1))
            }
        }
    }

    /// The refusal for a file with this `fstat`, if it is protected.
    func problem(_ info: stat) -> RegularFileReader.Failure? {
        guard let name = entries[Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))] else { return nil }
        return .protected(what: "\(name) in the state directory \(root)")
    }
}
