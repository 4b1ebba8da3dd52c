import Foundation
import StewardSpec
import StewardStore

/// The one-line summary for systemd's StatusText and `steward status`:
/// `12 integrations: 11 enabled, 1 createError; next retry in 40s`.
public enum StatusSummary {
    public static func line(counts: [IntegrationStatus: Int], nextRetry: Date?, now: Date = Date()) -> String {
        let live = counts.filter { $0.key != .deleted && $0.value > 0 }
        let total = live.values.reduce(0, +)
        var text = "\(total) integration\(total == 1 ? "" : "s")"
        let parts = live.sorted { ($0.value, $1.key.rawValue) > ($1.value, $0.key.rawValue) }.map { "\($0.value) \($0.key.rawValue)" }
        if !parts.isEmpty { text += ": " + parts.joined(separator: ", ") }
        if let nextRetry {
            let seconds = max(0, Int(nextRetry.timeIntervalSince(now).rounded(.up)))
            text += "; next retry in \(seconds)s"
        }
        return text
    }

    /// Reads the store and builds the line.
    public static func line(store: StatusStore, now: Date = Date()) throws -> String {
        let records = try store.allRecords()
        var counts: [IntegrationStatus: Int] = [:]
        for record in records { counts[record.status, default: 0] += 1 }
        let nextRetry = records.compactMap(\.nextAttemptAt).filter { $0 > now }.min()
        return line(counts: counts, nextRetry: nextRetry, now: now)
    }
}
