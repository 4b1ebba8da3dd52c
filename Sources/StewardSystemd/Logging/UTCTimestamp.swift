import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// RFC 3339 time stamps in UTC with whole seconds (`2026-11-27T10:00:00Z`), formatted without
/// shared formatter state so that any thread may log at any time.
enum UTCTimestamp {
    static func string(for date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        guard gmtime_r(&seconds, &parts) != nil else { return "\(seconds)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))"
            + "T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }

    private static func two(_ value: Int32) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}
