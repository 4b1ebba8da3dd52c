import Foundation
import GRDB
import StewardSpec

/// Facts about the store itself, the status summary, and health checks.
extension StatusStore {
    /// The value stored under `key`, if any.
    package func meta(_ key: String) async throws(StoreError) -> String? {
        try read("read \(key)") { db in try MetaEntry.fetchOne(db, key: key)?.value }
    }

    /// Stores `value` under `key`, replacing any previous value.
    package func setMeta(_ key: String, _ value: String) async throws(StoreError) {
        try write("record \(key)") { db in try MetaEntry(key: key, value: value).upsert(db) }
    }

    /// How many integrations are in each status; statuses with none are absent.
    package func statusCounts() async throws(StoreError) -> [IntegrationStatus: Int] {
        let rows = try read("count the integrations") { db in
            try Row.fetchAll(db, sql: "SELECT status, COUNT(*) AS count FROM integration GROUP BY status")
                .map { row -> (String, Int) in (row["status"], row["count"]) }
        }
        var counts: [IntegrationStatus: Int] = [:]
        for (raw, count) in rows {
            // The schema's CHECK admits only known statuses.
            if let status = IntegrationStatus(rawValue: raw) { counts[status] = count }
        }
        return counts
    }

    /// The earliest recorded next attempt after `now` among active integrations, if any.
    package func earliestNextAttempt(after now: Date) async throws(StoreError) -> Date? {
        try read("find the next retry") { db in
            try Date.fetchOne(db, sql: """
                SELECT MIN(nextAttemptAt) FROM integration
                WHERE nextAttemptAt > ? AND status NOT IN ('deleted', 'disabled')
                """, arguments: [now])
        }
    }

    /// The rows of `PRAGMA integrity_check`: `["ok"]` for a healthy database, otherwise the
    /// problems SQLite found.
    package func integrityCheck() async throws(StoreError) -> [String] {
        try read("check the status database") { db in
            try String.fetchAll(db, sql: "PRAGMA integrity_check")
        }
    }
}
