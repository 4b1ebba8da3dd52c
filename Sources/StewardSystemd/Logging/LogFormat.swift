/// How log entries are written to standard error when it is not the journal (`--log-format`).
package enum LogFormat: String, Sendable, CaseIterable {
    /// One readable line per entry: `2026-11-27T10:00:00Z info steward: message key=value …`.
    case text
    /// One JSON object per line, for log collectors:
    /// `{"time":…,"level":…,"logger":…,"message":…,"metadata":{…}}`.
    case json
}
