import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The POSIX (`fcntl`) locks a process holds, from `/proc/locks` (Linux): the witness that
/// SQLite still holds its locks on the store's files.
public enum POSIXLocks {
    /// How many POSIX locks `pid` holds on the file at `path` (matched by inode).
    public static func count(pid: pid_t, path: String) -> Int {
        var info = stat()
        guard stat(path, &info) == 0, let text = try? String(contentsOfFile: "/proc/locks", encoding: .utf8) else { return 0 }
        // "1: POSIX  ADVISORY  READ 1234 08:01:567890 128 128"
        return text.split(separator: "\n").filter { line in
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 6, fields[1] == "POSIX", fields[4] == "\(pid)" else { return false }
            return fields[5].split(separator: ":").last == "\(info.st_ino)"
        }.count
    }
}
