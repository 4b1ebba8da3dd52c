import Foundation
import StewardWarehouse

/// What each host's copy of the spec folder holds, as the hosts themselves report it
/// (`steward_member_spec`): every name with the SHA-256 of its file. Each host deploys its own
/// copy (configuration management, git), so copies can disagree; ``disagreements()`` says where,
/// for `steward status` and `steward get`.
///
/// A host writes only its own rows and every host reports, leader or not: the writes are not
/// fenced, and a report replaces the host's previous one in one transaction.
package struct MemberFolders: Sendable {
    let pool: SharedConnectionPool

    /// One name on which the hosts' folders differ.
    package struct Disagreement: Sendable, Hashable {
        package var name: String
        /// Each reporting host's digest of the file, nil where its folder has no file for the name.
        package var digests: [String: String?]

        /// "host-a sha256:0123abcd, host-b (no file)".
        package var description: String {
            digests.keys.sorted().map { host in
                "\(host) " + (digests[host].flatMap { $0 }.map { "sha256:\($0.prefix(12))" } ?? "(no file)")
            }.joined(separator: ", ")
        }
    }

    /// Replaces what `member` reported before with `digests` (name → lower-case hex SHA-256).
    package func report(member: String, digests: [String: String]) async throws(StoreError) {
        // The pairs travel as one JSON parameter, expanded by the server: one statement for any number of names.
        let rows = digests.keys.sorted().map { ["name": $0, "digest": digests[$0] ?? ""] }
        let json: String
        do {
            json = String(decoding: try JSONEncoder().encode(rows), as: UTF8.self)
        } catch {
            throw StoreError(code: .invalidRecord, message: "the spec folder of \(member) cannot be encoded; this is a bug: please report it",
                             underlying: error)
        }
        let statements = [
            SharedSQL.begin,
            SQLStatement("""
                DELETE FROM \(SharedSQL.memberSpec) AS s WHERE s.member = $1::text
                AND NOT EXISTS (SELECT 1 FROM json_to_recordset($2::json) AS r(name text, digest text) WHERE r.name = s.name)
                """, parameters: [member, json]),
            SQLStatement("""
                INSERT INTO \(SharedSQL.memberSpec) (member, name, digest, seen_at)
                SELECT $1::text, r.name, r.digest, now() FROM json_to_recordset($2::json) AS r(name text, digest text)
                ON CONFLICT (member, name) DO UPDATE SET digest = EXCLUDED.digest, seen_at = EXCLUDED.seen_at
                """, parameters: [member, json]),
            SharedSQL.commit,
        ]
        _ = try await pool.use("record the spec folder of \(member)", write: true, retry: false) { connection in
            do {
                try await connection.pipeline(statements)
            } catch {
                _ = try? await connection.query(SharedSQL.rollback)
                throw error
            }
        }
    }

    /// Every name on which the reporting hosts differ (a different file, or no file on some),
    /// by name; `name` limits it to one integration.
    package func disagreements(name: String? = nil) async throws(StoreError) -> [Disagreement] {
        let answer = try await pool.use("read the hosts' spec folders", write: false, retry: true) { connection in
            try await connection.query(SQLStatement("""
                SELECT m.host AS member, n.name, s.digest
                FROM (SELECT DISTINCT member AS host FROM \(SharedSQL.memberSpec)) AS m
                CROSS JOIN (SELECT DISTINCT name FROM \(SharedSQL.memberSpec) WHERE $1::text IS NULL OR name = $1::text) AS n
                LEFT JOIN \(SharedSQL.memberSpec) AS s ON s.member = m.host AND s.name = n.name
                ORDER BY n.name COLLATE "C", m.host COLLATE "C"
                """, parameters: [name]))
        }
        var byName: [String: [String: String?]] = [:]
        do throws(SharedRowError) {
            for row in SharedRow.all(answer) {
                byName[try row.string("name"), default: [:]][try row.string("member")] = .some(try row.optionalString("digest"))
            }
        } catch {
            throw StoreError(code: .invalidRecord, message: "the hosts' spec folders cannot be read back; this is a bug: please report it",
                             underlying: error)
        }
        return byName.keys.sorted().compactMap { name in
            guard let digests = byName[name], Set(digests.values.map { $0 ?? "" }).count > 1 else { return nil }
            return Disagreement(name: name, digests: digests)
        }
    }
}
