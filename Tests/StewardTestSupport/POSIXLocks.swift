import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The POSIX (`fcntl`) locks a process holds, from `/proc/locks` (Linux): the witness that
/// SQLite still holds its locks on the store's files.
package enum POSIXLocks {
    /// SQLite's "dead man switch" in a WAL shared-memory file: byte 128 (`UNIX_SHM_DMS`), read-
    /// locked by every process that has the WAL index open, for as long as it has it open. A
    /// process that closes any descriptor of the file loses it with all its other locks there,
    /// and another process may then take the index for abandoned and reset it. The other locks
    /// (read marks, the writer's) come and go with transactions, so they witness nothing.
    package static let sqliteDeadManSwitch = 128

    /// How many times `/proc/locks` is read before a lock counts as not held.
    ///
    /// The kernel writes the file a page per `read` and walks its list of locks afresh for each
    /// page, by position: when locks before a line come or go between two pages (on a busy
    /// machine, SQLite takes and drops locks all the time), that line can be skipped or shown
    /// twice. A lock held throughout is in at least one of several reads; one never held is in
    /// none.
    package static let reads = 5

    /// Whether `pid` holds a POSIX read lock covering byte `offset` of the file at `path`
    /// (matched by inode), in any of `reads` reads of `/proc/locks`.
    package static func holdsReadLock(pid: pid_t, path: String, offset: Int = sqliteDeadManSwitch) -> Bool {
        (0..<reads).contains { _ in readLocks(pid: pid, path: path).contains { $0.contains(offset) } }
    }

    /// The byte ranges of the POSIX read locks `pid` holds on the file at `path` (matched by
    /// inode), in one read of `/proc/locks`: adjacent ranges merged by the kernel, `EOF` as
    /// `Int.max`, a line shown twice counted once. The whole file is read: on a busy machine
    /// the line sought is often past its first page (see `reads` for what one read can miss).
    package static func readLocks(pid: pid_t, path: String) -> Set<ClosedRange<Int>> {
        var info = stat()
        guard stat(path, &info) == 0, let data = ProcFiles.contents(atPath: "/proc/locks") else { return [] }
        // "1: POSIX  ADVISORY  READ 1234 08:01:567890 128 128" (the end may be EOF)
        return Set(String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 8, fields[1] == "POSIX", fields[3] == "READ", fields[4] == "\(pid)",
                  fields[5].split(separator: ":").last == "\(info.st_ino)", let start = Int(fields[6]) else { return nil }
            let end = fields[7] == "EOF" ? Int.max : Int(fields[7])
            return end.flatMap { start <= $0 ? start...$0 : nil }
        })
    }
}
