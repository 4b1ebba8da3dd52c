import StewardSpec

/// Enforcement on Redshift: late-binding views (`WITH NO SCHEMA BINDING`) that read their
/// tables by three-part names across databases. Pinned by golden files.
public struct RedshiftGovernance: GovernanceDialect {
    public init() {}
    public var kind: DialectKind { .redshift }
    public var textType: String { "VARCHAR(65535)" }

    public func viewHead(_ name: String) -> String { "CREATE VIEW \(name) AS " }
    public var viewTail: String { " WITH NO SCHEMA BINDING" }

    public func hash(_ expression: String) -> String { "SHA2(\(expression), 256)" }

    public func regexReplace(_ expression: String, pattern: SQLLiteral, replacement: SQLLiteral) -> String {
        "REGEXP_REPLACE(\(expression), \(pattern.quoted), \(replacement.quoted))"
    }

    public var randomToken: String { "MD5(CAST(RANDOM() AS VARCHAR) || CAST(GETDATE() AS VARCHAR) || CAST(pg_backend_pid() AS VARCHAR))" }

    public func sourceTable(_ table: TableReference, managedDatabase: String) throws -> String {
        let database = try SQLIdentifier(table.database ?? managedDatabase)
        return "\(database.quoted).\(try SQLIdentifier(table.schema).quoted).\(try SQLIdentifier(table.table).quoted)"
    }

    public func createImpersonateFunction(role: SQLIdentifier) -> SQLStatement {
        let roleName = role.name.replacingOccurrences(of: "'", with: "''")
        return SQLStatement("""
            CREATE OR REPLACE PROCEDURE \(GovernanceObjects.impersonate)(target VARCHAR) SECURITY DEFINER AS $steward$ \
            DECLARE proof VARCHAR(64); \
            BEGIN \
            IF NOT EXISTS (SELECT 1 FROM svv_user_grants WHERE user_name = SESSION_USER AND role_name = '\(roleName)') THEN \
            RAISE EXCEPTION 'permission denied: not a member of \(roleName)'; \
            END IF; \
            DELETE FROM \(GovernanceObjects.impersonation) WHERE pid = pg_backend_pid(); \
            IF target IS NULL THEN PERFORM set_config('\(ImpersonationCheck.setting)', '', false); RETURN; END IF; \
            proof := \(randomToken); \
            INSERT INTO \(GovernanceObjects.impersonation) (pid, session_user_name, target, token) \
            VALUES (pg_backend_pid(), SESSION_USER, target, proof); \
            PERFORM set_config('\(ImpersonationCheck.setting)', proof, false); \
            END $steward$ LANGUAGE plpgsql
            """)
    }

    public func dropImpersonateFunction() -> SQLStatement {
        SQLStatement("DROP PROCEDURE \(GovernanceObjects.impersonate)(VARCHAR)")
    }

    public func grantImpersonate(to role: SQLIdentifier) -> [SQLStatement] {
        [SQLStatement("REVOKE ALL ON PROCEDURE \(GovernanceObjects.impersonate)(VARCHAR) FROM PUBLIC"),
         SQLStatement("GRANT EXECUTE ON PROCEDURE \(GovernanceObjects.impersonate)(VARCHAR) TO ROLE \(role.quoted)")]
    }

    public var currentProof: String { "CURRENT_SETTING('\(ImpersonationCheck.setting)')" }

    /// None: STV_SESSIONS shows a regular user only its own sessions
    /// (https://docs.aws.amazon.com/redshift/latest/dg/r_STV_SESSIONS.html), so the system
    /// account cannot tell which sessions ended. Rows of ended sessions are inert: a proof
    /// matches only the session setting that `impersonate_user` set in that session, which a
    /// later session with the same pid never has, and each call replaces its session's row.
    public var cleanupEndedImpersonations: SQLStatement? { nil }

    public func viewCatalogHash(schemaParameter: Int, nameParameter: Int) -> String {
        "MD5(pg_get_viewdef(QUOTE_IDENT(CAST($\(schemaParameter) AS VARCHAR)) || '.' || QUOTE_IDENT(CAST($\(nameParameter) AS VARCHAR))))"
    }

    public func viewCatalogHash(oid: String) -> String { "md5(pg_catalog.pg_get_viewdef(\(oid)))" }
}
