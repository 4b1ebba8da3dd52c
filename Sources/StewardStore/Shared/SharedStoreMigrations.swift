import StewardWarehouse

/// The schema of the shared status database, as numbered migrations applied in order.
///
/// As with the SQLite store (`StoreMigrations`), a migration that has shipped is never edited: a
/// change of schema is a new version. `steward_schema_migration` records the versions applied;
/// a version this code does not know means a newer Steward migrated the database, which is
/// refused (`.schemaTooNew`) rather than used.
///
/// Opening runs ``migrate(_:)`` in one transaction under a transaction-scoped advisory lock, so
/// any number of daemons may open the database at once: the first applies what is missing while
/// the others wait for its commit, then find nothing left to do.
enum SharedStoreMigrations {
    /// The key of `pg_advisory_xact_lock` (the bytes of "Steward" and 1).
    static let lockKey: Int64 = 0x5374_6577_6172_6401

    /// Every migration this Steward knows, by version.
    static let migrations: [(version: Int, statements: [String])] = [(1, v1), (2, v2), (3, v3MemberSpecs)]

    /// Each member's view of the spec folder: which names its copy holds, with the SHA-256 of
    /// each file, so that hosts whose folders disagree are told apart (`MemberFolders`).
    static let v3MemberSpecs: [String] = [
        """
        CREATE TABLE \(SharedSQL.memberSpec) (
            member text NOT NULL CHECK (length(member) > 0),
            name text NOT NULL CHECK (length(name) > 0),
            digest text NOT NULL CHECK (digest ~ '^[0-9a-f]{64}$'),
            seen_at timestamptz NOT NULL,
            PRIMARY KEY (member, name)
        )
        """,
    ]

    /// What opening found.
    enum Outcome: Equatable {
        /// The versions applied now (empty when the database was current).
        case migrated([Int])
        /// The database records versions this Steward does not know.
        case tooNew([Int])
    }

    /// Brings the database to the current schema; the caller rolls back on error.
    static func migrate(_ connection: PGConnection) async throws -> Outcome {
        let answers = try await connection.pipeline([
            SharedSQL.begin,
            // `IF NOT EXISTS` would otherwise send a notice that libpq prints on stderr.
            SQLStatement("SET LOCAL client_min_messages = warning"),
            SQLStatement("SELECT pg_advisory_xact_lock($1::bigint)", parameters: [String(lockKey)]),
            SQLStatement("""
                CREATE TABLE IF NOT EXISTS \(SharedSQL.schemaMigration) (
                    version integer PRIMARY KEY,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """),
            SQLStatement("SELECT version FROM \(SharedSQL.schemaMigration) ORDER BY version"),
        ])
        let applied = Set(answers[4].rows.compactMap { $0.first.flatMap { $0 }.flatMap { Int($0) } })
        let known = Set(migrations.map(\.version))
        let unknown = applied.subtracting(known).sorted()
        guard unknown.isEmpty else {
            try await connection.query(SharedSQL.rollback)
            return .tooNew(unknown)
        }
        let pending = migrations.filter { !applied.contains($0.version) }
        var statements: [SQLStatement] = []
        for migration in pending {
            statements += migration.statements.map { SQLStatement($0) }
            statements.append(SQLStatement("INSERT INTO \(SharedSQL.schemaMigration) (version) VALUES ($1::integer)",
                                           parameters: [String(migration.version)]))
        }
        try await connection.pipeline(statements + [SharedSQL.commit])
        return .migrated(pending.map(\.version))
    }

    private static let v1Statuses = """
        'creating', 'enabled', 'createError', 'editing', 'editError', 'deleting', 'deleted', \
        'deleteError', 'disabled', 'migrating', 'migrateError', 'recurringValidationError'
        """

    /// The tables of the SQLite store's v1 with the same constraints, the leadership lease (one
    /// row, created free at term 0), the members' heartbeats, and the fence check.
    ///
    /// JSON columns are `json`, which validates the text and keeps it as written (`jsonb` would
    /// rewrite it, and the store returns exactly what it stored).
    static let v1: [String] = [
        """
        CREATE TABLE \(SharedSQL.integration) (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            name text NOT NULL UNIQUE CHECK (length(name) > 0),
            uid uuid NOT NULL UNIQUE,
            status text NOT NULL CHECK (status IN (\(v1Statuses))),
            validation_results json,
            desired_config json,
            applied_config json,
            spec_digest text,
            applied_digest text,
            host text NOT NULL,
            port integer NOT NULL CHECK (port BETWEEN 0 AND 65535),
            database text NOT NULL,
            system_user_name text NOT NULL,
            impersonation_role text,
            auto_bootstrap boolean NOT NULL,
            deletion_policy text NOT NULL CHECK (deletion_policy IN ('Delete', 'Retain')),
            credential_reference json CHECK (credential_reference IS NULL OR (json_typeof(credential_reference) = 'object'
                AND credential_reference ->> 'kind' IN ('file', 'credential'))),
            last_error text,
            spec_errors json CHECK (spec_errors IS NULL OR json_typeof(spec_errors) = 'array'),
            attempts bigint NOT NULL DEFAULT 0 CHECK (attempts >= 0),
            next_attempt_at timestamptz,
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL,
            enabled_at timestamptz
        )
        """,
        "CREATE INDEX steward_integration_on_host_port ON \(SharedSQL.integration) (host, port)",
        // A row from a status to itself records an event that kept the status (drift repaired).
        """
        CREATE TABLE \(SharedSQL.transition) (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            integration_id bigint NOT NULL REFERENCES \(SharedSQL.integration) (id) ON DELETE CASCADE,
            from_status text CHECK (from_status IN (\(v1Statuses))),
            to_status text NOT NULL CHECK (to_status IN (\(v1Statuses))),
            reason text NOT NULL CHECK (length(reason) > 0),
            message text,
            recorded_at timestamptz NOT NULL
        )
        """,
        "CREATE INDEX steward_transition_on_integration ON \(SharedSQL.transition) (integration_id)",
        """
        CREATE TABLE \(SharedSQL.ownedObject) (
            integration_id bigint NOT NULL REFERENCES \(SharedSQL.integration) (id) ON DELETE CASCADE,
            kind text NOT NULL CHECK (kind IN ('database', 'user', 'role')),
            name text NOT NULL CHECK (length(name) > 0),
            state text NOT NULL CHECK (state IN ('intended', 'created')),
            PRIMARY KEY (integration_id, kind, name)
        )
        """,
        """
        CREATE TABLE \(SharedSQL.meta) (
            key text PRIMARY KEY,
            value text NOT NULL
        )
        """,
        """
        CREATE TABLE \(SharedSQL.leader) (
            id int PRIMARY KEY CHECK (id = 1),
            holder text CHECK (holder IS NULL OR length(holder) > 0),
            term bigint NOT NULL CHECK (term >= 0),
            expires_at timestamptz
        )
        """,
        "INSERT INTO \(SharedSQL.leader) (id, holder, term, expires_at) VALUES (1, NULL, 0, NULL)",
        """
        CREATE TABLE \(SharedSQL.member) (
            host text PRIMARY KEY CHECK (length(host) > 0),
            last_heartbeat timestamptz,
            term_seen bigint,
            version text
        )
        """,
        // The fence: the first statement of every write's transaction. The share lock it takes on
        // the lease row lasts until the write commits, so a daemon taking the lease waits for
        // writes already checked, and every write checked after that sees the new term. The
        // expiry is compared with the database's clock at the check (`clock_timestamp()`, not
        // the transaction's start), so no host's clock matters.
        """
        CREATE FUNCTION steward_fence(writer text, writer_term bigint) RETURNS void
        LANGUAGE plpgsql AS $fence$
        DECLARE
            lease \(SharedSQL.leader)%ROWTYPE;
        BEGIN
            SELECT * INTO lease FROM \(SharedSQL.leader) WHERE id = 1 FOR SHARE;
            IF NOT FOUND THEN
                RAISE EXCEPTION USING ERRCODE = '\(SharedSQL.fencedSQLState)',
                    MESSAGE = 'no leadership lease is recorded (steward_leader has no row)';
            ELSIF lease.holder IS DISTINCT FROM writer OR lease.term <> writer_term THEN
                RAISE EXCEPTION USING ERRCODE = '\(SharedSQL.fencedSQLState)',
                    MESSAGE = format('the lease is now held by %s in term %s', coalesce(lease.holder, 'nobody'), lease.term);
            ELSIF lease.expires_at IS NULL OR lease.expires_at <= clock_timestamp() THEN
                RAISE EXCEPTION USING ERRCODE = '\(SharedSQL.fencedSQLState)',
                    MESSAGE = format('its lease expired at %s and was not renewed', coalesce(lease.expires_at::text, 'release'));
            END IF;
        END
        $fence$
        """,
    ]

    /// The secrets of the integrations (`SharedSecretStore`), sealed with AES-GCM under the key
    /// every host holds: `key` names the secret (`system:UID`, `deletion:UID`) and is
    /// authenticated with it; `key_id` names the key that sealed it.
    static let v2: [String] = [
        """
        CREATE TABLE \(SharedSQL.secret) (
            key text PRIMARY KEY CHECK (length(key) > 0),
            integration_uid text,
            sealed bytea NOT NULL,
            key_id text NOT NULL CHECK (length(key_id) > 0),
            updated_at timestamptz
        )
        """,
    ]
}
