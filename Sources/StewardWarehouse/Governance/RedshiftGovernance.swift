import StewardSpec

/// Enforcement on Redshift: late-binding views (`WITH NO SCHEMA BINDING`) that read their
/// tables by three-part names across databases. Pinned by golden files.
package struct RedshiftGovernance: GovernanceDialect {
    package init() {}
    package var kind: DialectKind { .redshift }
    package var textType: String { "VARCHAR(65535)" }

    package func viewHead(_ name: String) -> String { "CREATE VIEW \(name) AS " }
    package var viewTail: String { " WITH NO SCHEMA BINDING" }

    package func hash(_ expression: String) -> String { "SHA2(\(expression), 256)" }

    package func regexReplace(_ expression: String, pattern: SQLLiteral, replacement: SQLLiteral) -> String {
        "REGEXP_REPLACE(\(expression), \(pattern.quoted), \(replacement.quoted))"
    }

    package var randomToken: String { "MD5(CAST(RANDOM() AS VARCHAR) || CAST(GETDATE() AS VARCHAR) || CAST(pg_backend_pid() AS VARCHAR))" }

    package func sourceTable(_ table: TableReference, managedDatabase: String) throws -> String {
        let database = try SQLIdentifier(table.database ?? managedDatabase)
        return "\(database.quoted).\(try SQLIdentifier(table.schema).quoted).\(try SQLIdentifier(table.table).quoted)"
    }

    /// A stored procedure (`CALL immuta_procedures.impersonate_user('bob')`): Redshift has no
    /// PL/pgSQL functions (https://docs.aws.amazon.com/redshift/latest/dg/r_CREATE_FUNCTION.html).
    /// Clause order as r_CREATE_PROCEDURE gives it: `( args ) AS $$ body $$ LANGUAGE plpgsql
    /// SECURITY DEFINER` (https://docs.aws.amazon.com/redshift/latest/dg/r_CREATE_PROCEDURE.html).
    /// The body uses only supported PL/pgSQL statements: PERFORM is not one, so `set_config`'s
    /// result goes to a variable by SELECT INTO
    /// (https://docs.aws.amazon.com/redshift/latest/dg/c_PLpgSQL-statements.html).
    ///
    /// Who may impersonate is decided by the EXECUTE privilege alone, which `grantImpersonate`
    /// gives to `role` only (and Redshift gives new procedures to no one but their owner and
    /// superusers): "To call a procedure, you must be granted EXECUTE privilege on the procedure"
    /// (https://docs.aws.amazon.com/redshift/latest/dg/stored-procedure-security-and-privileges.html).
    /// The body cannot check membership itself: it runs with the owner's (the system account's)
    /// privileges and CURRENT_USER is the owner
    /// (https://docs.aws.amazon.com/redshift/latest/dg/r_CURRENT_USER.html); SVV_USER_GRANTS
    /// shows a user without ACCESS SYSTEM TABLE only the roles granted to that user
    /// (https://docs.aws.amazon.com/redshift/latest/dg/r_SVV_USER_GRANTS.html) and
    /// USER_IS_MEMBER_OF lets a regular user check only itself
    /// (https://docs.aws.amazon.com/redshift/latest/dg/r_USER_IS_MEMBER_OF.html), so either
    /// check would refuse every caller.
    package func createImpersonateFunction(role: SQLIdentifier) -> SQLStatement {
        SQLStatement("""
            CREATE OR REPLACE PROCEDURE \(GovernanceObjects.impersonate)(target VARCHAR) AS $steward$ \
            DECLARE proof VARCHAR(64); setting VARCHAR(64); \
            BEGIN \
            DELETE FROM \(GovernanceObjects.impersonation) WHERE pid = pg_backend_pid(); \
            IF target IS NULL THEN SELECT INTO setting set_config('\(ImpersonationCheck.setting)', '', false); RETURN; END IF; \
            proof := \(randomToken); \
            INSERT INTO \(GovernanceObjects.impersonation) (pid, session_user_name, target, token) \
            VALUES (pg_backend_pid(), SESSION_USER, target, proof); \
            SELECT INTO setting set_config('\(ImpersonationCheck.setting)', proof, false); \
            END $steward$ LANGUAGE plpgsql SECURITY DEFINER
            """)
    }

    package func dropImpersonateFunction() -> SQLStatement {
        SQLStatement("DROP PROCEDURE \(GovernanceObjects.impersonate)(VARCHAR)")
    }

    package func grantImpersonate(to role: SQLIdentifier) -> [SQLStatement] {
        [SQLStatement("REVOKE ALL ON PROCEDURE \(GovernanceObjects.impersonate)(VARCHAR) FROM PUBLIC"),
         SQLStatement("GRANT EXECUTE ON PROCEDURE \(GovernanceObjects.impersonate)(VARCHAR) TO ROLE \(role.quoted)")]
    }

    /// `FALSE`: Redshift's second argument is error_if_undefined and defaults to TRUE, so a bare
    /// `CURRENT_SETTING('steward.impersonation')` raises in every session that never impersonated
    /// (https://docs.aws.amazon.com/redshift/latest/dg/r_CURRENT_SETTING.html).
    package var currentProof: String { "CURRENT_SETTING('\(ImpersonationCheck.setting)', FALSE)" }

    /// None: STV_SESSIONS shows a regular user only its own sessions
    /// (https://docs.aws.amazon.com/redshift/latest/dg/r_STV_SESSIONS.html), so the system
    /// account cannot tell which sessions ended. Rows of ended sessions are inert: a proof
    /// matches only the session setting that `impersonate_user` set in that session, which a
    /// later session with the same pid never has, and each call replaces its session's row.
    package var cleanupEndedImpersonations: SQLStatement? { nil }

    /// Redshift cannot read the catalog in the statement that records a view: catalog tables
    /// live on the leader node and a statement that also writes a user table fails
    /// (https://docs.aws.amazon.com/redshift/latest/dg/c_sql-functions-leader-node.html). The
    /// view is recorded without its catalog hash; the next catalog read fills it in.
    package var recordsCatalogHashInline: Bool { false }

    package func recordView(_ view: ViewDefinition) -> SQLStatement {
        SQLStatement("INSERT INTO \(GovernanceStatements.recordViewColumns) VALUES ($1, $2, $3, $4, '')",
                     parameters: [view.dataSource, view.schema.name, view.name.name, view.definitionHash])
    }

    /// MD5 of `pg_views.definition` (PostgreSQL 8.0's pg_views, which Redshift keeps:
    /// https://docs.aws.amazon.com/redshift/latest/dg/c_intro_catalog_views.html);
    /// `pg_get_viewdef` is not in the Redshift Database Developer Guide.
    package func viewCatalogHash(namespace: String, relation: String) -> String {
        "(SELECT MD5(v.definition) FROM pg_views v WHERE v.schemaname = \(namespace).nspname AND v.viewname = \(relation).relname)"
    }
}
