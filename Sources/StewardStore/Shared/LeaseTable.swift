import Foundation
import StewardWarehouse

/// The leadership lease (`steward_leader`, one row) and the members' heartbeats
/// (`steward_member`) of a shared status database. Every call is one statement timed by the
/// database's clock (`now()`), so the hosts' clocks never matter; the lease row's lock makes
/// concurrent calls take turns, so two daemons acquiring at once yield exactly one holder.
///
/// The writes here are not fenced (taking the lease is how a daemon gets a term) and, like the
/// store's writes, not retried after a lost connection (`.unreachable`). Reads are retried once.
package struct LeaseTable: Sendable {
    let pool: SharedConnectionPool

    /// The columns of a `Lease`.
    private static let leaseColumns = "holder, term, \(SharedSQL.micros("expires_at", as: "expires_at")), "
        + SharedSQL.micros("now()", as: "observed_at")

    /// Takes the lease for `holder` if it is free, expired or already `holder`'s, for
    /// `leaseSeconds` from now, and returns it. Taking it from someone else or from free starts
    /// a new term; `holder` renewing its own keeps the term. Held by another, the lease is left
    /// alone and returned as it is (`isHeld(by: holder)` is false).
    package func acquire(holder: String, leaseSeconds: Double) async throws(StoreError) -> Lease {
        let action = "take the leadership lease"
        try Self.check(leaseSeconds: leaseSeconds, action: action)
        let answers = try await write(action) { connection in
            let taken = try await connection.query(SQLStatement("""
                INSERT INTO \(SharedSQL.leader) AS lease (id, holder, term, expires_at)
                VALUES (1, $1::text, 1, now() + make_interval(secs => $2::double precision))
                ON CONFLICT (id) DO UPDATE SET
                    holder = EXCLUDED.holder,
                    term = CASE WHEN lease.holder = EXCLUDED.holder THEN lease.term ELSE lease.term + 1 END,
                    expires_at = EXCLUDED.expires_at
                WHERE lease.holder IS NULL OR lease.expires_at IS NULL OR lease.expires_at <= now()
                    OR lease.holder = EXCLUDED.holder
                RETURNING \(Self.leaseColumns)
                """, parameters: [holder, String(leaseSeconds)]))
            if !taken.isEmpty { return taken }
            return try await connection.query(Self.currentStatement)
        }
        return try Self.lease(answers, action: action)
    }

    /// Extends the lease to `leaseSeconds` from now if `holder` still holds it in `term` and it
    /// has not expired; nil otherwise (the daemon must step down, and may try ``acquire``).
    package func renew(holder: String, term: Int64, leaseSeconds: Double) async throws(StoreError) -> Lease? {
        let action = "renew the leadership lease"
        try Self.check(leaseSeconds: leaseSeconds, action: action)
        let answer = try await write(action) { connection in
            try await connection.query(SQLStatement("""
                UPDATE \(SharedSQL.leader) SET expires_at = now() + make_interval(secs => $3::double precision)
                WHERE id = 1 AND holder = $1::text AND term = $2::bigint AND expires_at > now()
                RETURNING \(Self.leaseColumns)
                """, parameters: [holder, String(term), String(leaseSeconds)]))
        }
        if answer.isEmpty { return nil }
        return try Self.lease(answer, action: action)
    }

    /// Gives the lease up if `holder` holds it in `term` (expired or not), so that another
    /// daemon need not wait for the expiry; returns whether it did. The term stays: the next
    /// holder starts the next one.
    @discardableResult
    package func release(holder: String, term: Int64) async throws(StoreError) -> Bool {
        let answer = try await write("release the leadership lease") { connection in
            try await connection.query(SQLStatement("""
                UPDATE \(SharedSQL.leader) SET holder = NULL, expires_at = NULL
                WHERE id = 1 AND holder = $1::text AND term = $2::bigint
                RETURNING term
                """, parameters: [holder, String(term)]))
        }
        return !answer.isEmpty
    }

    /// The lease as it is now.
    package func current() async throws(StoreError) -> Lease {
        let action = "read the leadership lease"
        let answer = try await read(action) { connection in try await connection.query(Self.currentStatement) }
        return try Self.lease(answer, action: action)
    }

    /// Records that `host` is alive now (the database's clock), the term it has seen and its version.
    package func heartbeat(host: String, termSeen: Int64?, version: String) async throws(StoreError) {
        _ = try await write("record the heartbeat of \(host)") { connection in
            try await connection.query(SQLStatement("""
                INSERT INTO \(SharedSQL.member) (host, last_heartbeat, term_seen, version)
                VALUES ($1::text, now(), $2::bigint, $3::text)
                ON CONFLICT (host) DO UPDATE SET
                    last_heartbeat = EXCLUDED.last_heartbeat, term_seen = EXCLUDED.term_seen, version = EXCLUDED.version
                """, parameters: [host, termSeen.map(String.init), version]))
        }
    }

    /// Every member that ever sent a heartbeat, ordered by host.
    package func members() async throws(StoreError) -> [Member] {
        let action = "read the members of the shared status database"
        let answer = try await read(action) { connection in
            try await connection.query(SQLStatement("""
                SELECT host, \(SharedSQL.micros("last_heartbeat", as: "last_heartbeat")), term_seen, version
                FROM \(SharedSQL.member) ORDER BY host COLLATE "C"
                """))
        }
        do throws(SharedRowError) {
            return try SharedRow.all(answer).map { row throws(SharedRowError) in
                Member(host: try row.string("host"), lastHeartbeat: try row.optionalDate("last_heartbeat"),
                       termSeen: try row.optionalInt64("term_seen"), version: try row.optionalString("version"))
            }
        } catch {
            throw StoreError.shared(error, action: action, parameters: pool.parameters, write: false, term: nil)
        }
    }

    // MARK: - Helpers

    private static let currentStatement = SQLStatement("SELECT \(leaseColumns) FROM \(SharedSQL.leader) WHERE id = 1")

    private static func lease(_ answer: QueryResult, action: String) throws(StoreError) -> Lease {
        // No row at all (deleted behind Steward's back): free, never taken. The next acquire makes it again.
        guard let row = SharedRow.first(answer) else {
            return Lease(holder: nil, term: 0, expiresAt: nil, observedAt: Date())
        }
        do throws(SharedRowError) {
            return Lease(holder: try row.optionalString("holder"), term: try row.int64("term"),
                         expiresAt: try row.optionalDate("expires_at"), observedAt: try row.date("observed_at"))
        } catch {
            throw StoreError(code: .invalidRecord, message: "the leadership lease cannot be read back, so steward cannot "
                             + "\(action); this is a bug: please report it", underlying: error)
        }
    }

    private static func check(leaseSeconds: Double, action: String) throws(StoreError) {
        guard leaseSeconds.isFinite, leaseSeconds > 0 else {
            throw StoreError(code: .constraintViolated, message: "a leadership lease must last a positive number of "
                             + "seconds, not \(leaseSeconds), so steward cannot \(action); this is a bug: please report it")
        }
    }

    /// One statement (or two, for ``acquire``) on a connection of its own; not retried.
    private func write<T>(_ action: String, _ body: (PGConnection) async throws -> T) async throws(StoreError) -> T {
        try await pool.use(action, write: true, retry: false, body)
    }

    /// A read, tried once more on a new connection if the first turns out to be lost.
    private func read<T>(_ action: String, _ body: (PGConnection) async throws -> T) async throws(StoreError) -> T {
        try await pool.use(action, write: false, retry: true, body)
    }
}
