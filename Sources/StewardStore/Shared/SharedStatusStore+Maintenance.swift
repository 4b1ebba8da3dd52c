import Foundation
import StewardSpec
import StewardWarehouse

/// Facts about the store itself and the status summary.
extension SharedStatusStore {
    /// The value stored under `key`, if any.
    package func meta(_ key: String) async throws(StoreError) -> String? {
        let answers = try await read("read \(key)", [
            SQLStatement("SELECT value FROM \(SharedSQL.meta) WHERE key = $1::text", parameters: [key]),
        ])
        return answers[0].value("value")
    }

    /// Stores `value` under `key`, replacing any previous value.
    package func setMeta(_ key: String, _ value: String) async throws(StoreError) {
        _ = try await write("record \(key)", [
            SQLStatement("""
                INSERT INTO \(SharedSQL.meta) (key, value) VALUES ($1::text, $2::text)
                ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value
                """, parameters: [key, value]),
        ])
    }

    /// How many integrations are in each status; statuses with none are absent.
    package func statusCounts() async throws(StoreError) -> [IntegrationStatus: Int] {
        let action = "count the integrations"
        let answers = try await read(action, [
            SQLStatement("SELECT status, count(*) AS count FROM \(SharedSQL.integration) GROUP BY status"),
        ])
        return try decode(action) { () throws(SharedRowError) in
            var counts: [IntegrationStatus: Int] = [:]
            for row in SharedRow.all(answers[0]) {
                // The schema's CHECK admits only known statuses.
                if let status = IntegrationStatus(rawValue: try row.string("status")) { counts[status] = try row.int("count") }
            }
            return counts
        }
    }

    /// The earliest recorded next attempt after `now` among active integrations, if any.
    package func earliestNextAttempt(after now: Date) async throws(StoreError) -> Date? {
        let action = "find the next retry"
        let answers = try await read(action, [
            SQLStatement("""
                SELECT \(SharedSQL.micros("min(next_attempt_at)", as: "next_attempt_at")) FROM \(SharedSQL.integration)
                WHERE next_attempt_at > \(SharedSQL.timestamp("$1")) AND status NOT IN ('deleted', 'disabled')
                """, parameters: [SharedSQL.parameter(now)]),
        ])
        return try decode(action) { () throws(SharedRowError) in
            guard let row = SharedRow.first(answers[0]) else { return nil }
            return try row.optionalDate("next_attempt_at")
        }
    }
}
