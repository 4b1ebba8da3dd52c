import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// When this process started, for `process_start_time_seconds`: its start in clock ticks after
/// boot (`/proc/self/stat`), turned into wall-clock time with the time since boot now
/// (`CLOCK_BOOTTIME`, the clock the kernel counts that start on). `/proc/stat`'s `btime` is not
/// used: it follows lines whose length grows with the machine's CPUs and interrupts, past the
/// first page where Foundation stops reading `/proc` files. Where the start cannot be read, the
/// first time this is asked (the daemon asks as it is made, moments after the process starts).
package enum ProcessStartTime {
    package static let date: Date = fromProc() ?? Date()

    static func fromProc() -> Date? {
        // One line of a few hundred bytes, well within the first page.
        guard let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8) else { return nil }
        var sinceBoot = timespec()
        guard clock_gettime(CLOCK_BOOTTIME, &sinceBoot) == 0 else { return nil }
        return parse(selfStat: stat, secondsSinceBoot: Double(sinceBoot.tv_sec) + Double(sinceBoot.tv_nsec) / 1e9, now: Date(),
                     ticksPerSecond: Int(sysconf(Int32(_SC_CLK_TCK))))
    }

    /// `selfStat` is `pid (comm) state ...`; the command may hold spaces and parentheses, so the
    /// fields are counted after its last `)`: field 22, `starttime`, is the 20th there.
    static func parse(selfStat: String, secondsSinceBoot: Double, now: Date, ticksPerSecond: Int) -> Date? {
        guard ticksPerSecond > 0, let close = selfStat.lastIndex(of: ")") else { return nil }
        let fields = selfStat[selfStat.index(after: close)...].split(separator: " ")
        guard fields.count > 19, let ticks = Double(fields[19]) else { return nil }
        let age = secondsSinceBoot - ticks / Double(ticksPerSecond)
        guard age >= 0 else { return nil }
        return now.addingTimeInterval(-age)
    }
}
