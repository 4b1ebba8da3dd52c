/// Sessions that a dead steward process left on the server.
///
/// A statement outlives the process that sent it: after `kill -9` (or a crash) in the middle of
/// `CREATE DATABASE`, the server carries on and commits it. A new process that observes the
/// catalog meanwhile sees no database, and may conclude there is nothing to drop — then the
/// database appears, owned by nobody. So before observing, Steward ends any other session that
/// carries this integration's `application_name` (`steward/<name>`) and waits until they are
/// gone. Only one process works on an integration at a time (the state-directory lock, one
/// worker per name), so such a session is always a leftover.
///
/// PostgreSQL only (`pg_stat_activity`, `pg_terminate_backend`); on Redshift the leftover
/// statement ends when its connection's TCP keepalive notices the dead client, which this does
/// not wait for. Only sessions of roles the connected account is a member of are ended.
enum LeftoverSessions {
    static let terminateSQL = """
        SELECT count(pg_terminate_backend(pid)) AS ended FROM pg_stat_activity
        WHERE application_name = $1 AND pid <> pg_backend_pid() AND usename IS NOT NULL AND pg_has_role(usename, 'MEMBER')
        """
    static let remainingSQL = """
        SELECT count(*) AS remaining FROM pg_stat_activity
        WHERE application_name = $1 AND pid <> pg_backend_pid() AND usename IS NOT NULL AND pg_has_role(usename, 'MEMBER')
        """

    /// The statement that ends the leftover sessions of `integrationName` (nil without a name).
    static func terminate(integrationName: String) -> SQLStatement? {
        integrationName.isEmpty ? nil : SQLStatement(terminateSQL, parameters: ["steward/\(integrationName)"])
    }

    /// Ends the leftover sessions of `integrationName` and waits (up to about 5 s) until they
    /// are gone; returns how many were ended. Throws a transient error if they outlive the wait.
    /// The name is always the integration's: a bare `steward` (what connections of the CLI and
    /// of tools use) is never a target, whatever the caller's own connection is called.
    static func end(on connection: PGConnection, integrationName: String) async throws -> Int {
        guard let terminate = terminate(integrationName: integrationName) else { return 0 }
        let applicationName = "steward/\(integrationName)"
        let ended = Int(try await connection.query(terminate).value("ended") ?? "0") ?? 0
        guard ended > 0 else { return 0 }
        for _ in 0..<50 {
            let remaining = try await connection.query(remainingSQL, [applicationName]).value("remaining")
            if remaining == "0" { return ended }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw WarehouseError(kind: .connectionFailed, message: "\(ended) session(s) named \(applicationName), left by an earlier steward process, are still ending",
                             fix: "nothing to do; Steward retries")
    }
}
