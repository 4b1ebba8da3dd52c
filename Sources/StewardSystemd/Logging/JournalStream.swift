#if canImport(Glibc)
import Glibc
#endif

/// Whether a file descriptor is the stream systemd connected to the journal.
///
/// systemd sets `JOURNAL_STREAM=DEVICE:INODE` for services whose standard output or error goes
/// to journald. The variable is inherited by child processes whose output may go elsewhere,
/// so it counts only when the descriptor's own device and inode (`fstat(2)`) match, as
/// `systemd.exec(5)` recommends.
enum JournalStream {
    /// True when `value` (a `JOURNAL_STREAM` value) names the file behind `descriptor`.
    static func matches(_ value: String?, descriptor: Int32) -> Bool {
        guard let value else { return false }
        let parts = value.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let device = UInt64(parts[0]), let inode = UInt64(parts[1]) else { return false }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return false }
        return UInt64(status.st_dev) == device && UInt64(status.st_ino) == inode
    }
}
