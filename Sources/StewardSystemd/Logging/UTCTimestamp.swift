import Foundation

/// RFC 3339 time stamps in UTC with whole seconds (`2026-11-27T10:00:00Z`), from Foundation's
/// ISO 8601 format style: a value type with no shared state, so any thread may log at any time.
enum UTCTimestamp {
    static func string(for date: Date) -> String {
        date.formatted(.iso8601)
    }
}
