import Foundation
import StewardSpec
import StewardStore

/// The one-line summary for systemd's StatusText and `steward status`:
/// `12 integrations: 11 enabled, 1 createError; next retry in 40s`.
package enum StatusSummary {
    package static func line(counts: [IntegrationStatus: Int], nextRetry: Date?, now: Date = Date()) -> String {
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

    /// Reads the store (two aggregate queries, whatever the number of integrations) and builds
    /// the line.
    package static func line(store: any StatusStoring, now: Date = Date()) async throws -> String {
        line(counts: try await store.statusCounts(), nextRetry: try await store.earliestNextAttempt(after: now), now: now)
    }
}
