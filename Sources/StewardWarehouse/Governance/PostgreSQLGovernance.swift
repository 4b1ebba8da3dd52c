import StewardSpec

/// Enforcement on PostgreSQL: `security_barrier` views in the same database as their tables.
package struct PostgreSQLGovernance: GovernanceDialect {
    package init() {}
    package var kind: DialectKind { .postgresql }
    package var textType: String { "VARCHAR" }

    package func viewHead(_ name: String) -> String { "CREATE VIEW \(name) WITH (security_barrier) AS " }
    package var viewTail: String { "" }

    package func hash(_ expression: String) -> String {
        "encode(sha256(convert_to(\(expression), 'UTF8')), 'hex')"
    }

    package func regexReplace(_ expression: String, pattern: SQLLiteral, replacement: SQLLiteral) -> String {
        "regexp_replace(\(expression), \(pattern.quoted), \(replacement.quoted), 'g')"
    }

    package var randomToken: String { "CAST(gen_random_uuid() AS VARCHAR)" }

    package func sourceTable(_ table: TableReference, managedDatabase: String) throws -> String {
        if let database = table.database, database != managedDatabase {
            throw WarehouseError(kind: .invalidName, message: "PostgreSQL cannot read \(table) from database \(managedDatabase) (no cross-database queries)",
                                 fix: "set config.existingDatabase: true with config.database \(database), or write the table as schema.table")
        }
        return "\(try SQLIdentifier(table.schema).quoted).\(try SQLIdentifier(table.table).quoted)"
    }

    package func createImpersonateFunction(role: SQLIdentifier) -> SQLStatement {
        let roleName = role.name.replacingOccurrences(of: "'", with: "''")
        return SQLStatement("""
            CREATE OR REPLACE FUNCTION \(GovernanceObjects.impersonate)(target VARCHAR) RETURNS VOID \
            LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $steward$ \
            DECLARE proof VARCHAR; \
            BEGIN \
            IF NOT pg_has_role(SESSION_USER, '\(roleName)', 'MEMBER') THEN \
            RAISE EXCEPTION 'permission denied: % may not impersonate users (not a member of %)', SESSION_USER, '\(roleName)'; \
            END IF; \
            DELETE FROM \(GovernanceObjects.impersonation) WHERE pid = pg_backend_pid(); \
            IF target IS NULL THEN PERFORM set_config('\(ImpersonationCheck.setting)', '', false); RETURN; END IF; \
            proof := \(randomToken); \
            INSERT INTO \(GovernanceObjects.impersonation) (pid, session_user_name, target, token) \
            VALUES (pg_backend_pid(), SESSION_USER, target, proof); \
            PERFORM set_config('\(ImpersonationCheck.setting)', proof, false); \
            END $steward$
            """)
    }

    package func dropImpersonateFunction() -> SQLStatement {
        SQLStatement("DROP FUNCTION IF EXISTS \(GovernanceObjects.impersonate)(VARCHAR)")
    }

    package func grantImpersonate(to role: SQLIdentifier) -> [SQLStatement] {
        [SQLStatement("REVOKE ALL ON FUNCTION \(GovernanceObjects.impersonate)(VARCHAR) FROM PUBLIC"),
         SQLStatement("GRANT EXECUTE ON FUNCTION \(GovernanceObjects.impersonate)(VARCHAR) TO \(role.quoted)")]
    }

    package var recordsCatalogHashInline: Bool { true }

    package func viewCatalogHash(namespace: String, relation: String) -> String { viewCatalogHash(oid: "\(relation).oid") }

    /// Records the view with the catalog's own rendering of it hashed, in the same statement.
    package func recordView(_ view: ViewDefinition) -> SQLStatement {
        SQLStatement("INSERT INTO \(GovernanceStatements.recordViewColumns) "
            + "SELECT CAST($1 AS VARCHAR), CAST($2 AS VARCHAR), CAST($3 AS VARCHAR), CAST($4 AS VARCHAR), "
            + viewCatalogHash(oid: "CAST(quote_ident(CAST($2 AS VARCHAR)) || '.' || quote_ident(CAST($3 AS VARCHAR)) AS regclass)"),
            parameters: [view.dataSource, view.schema.name, view.name.name, view.definitionHash])
    }

    /// Not the view's text: `pg_get_viewdef` deparses the view (about a millisecond each, so
    /// seconds for thousands of views on every reconcile). Instead the identity and version of
    /// its rewrite rule, which `CREATE OR REPLACE VIEW` rewrites and `DROP` + `CREATE` replaces,
    /// and its column names (`ALTER VIEW … RENAME COLUMN` changes only those). A view re-created
    /// by hand with the same text, or a restore into another cluster, reads as changed: the
    /// view is re-created once.
    func viewCatalogHash(oid: String) -> String {
        "(SELECT md5(CAST(r.oid AS text) || ':' || CAST(r.xmin AS text) || ':' || (SELECT string_agg(a.attname, ',' ORDER BY a.attnum) "
            + "FROM pg_catalog.pg_attribute a WHERE a.attrelid = r.ev_class AND a.attnum > 0)) "
            + "FROM pg_catalog.pg_rewrite r WHERE r.ev_class = \(oid) AND r.rulename = '_RETURN')"
    }

    package var currentProof: String { "current_setting('\(ImpersonationCheck.setting)', true)" }

    /// `pg_stat_activity` lists every session's `pid` to every account (other columns are
    /// hidden from non-superusers), so the system account can tell which sessions ended.
    package var cleanupEndedImpersonations: SQLStatement? {
        SQLStatement("DELETE FROM \(GovernanceObjects.impersonation) WHERE pid NOT IN "
            + "(SELECT a.pid FROM pg_catalog.pg_stat_activity a WHERE a.pid IS NOT NULL)")
    }
}
