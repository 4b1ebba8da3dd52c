import StewardSpec

/// Privileges on a source table that enforcement depends on: the system account (which owns
/// the views) may read it, and nobody else reads it directly (mapped users and PUBLIC go
/// through the views). Granting and revoking on someone else's table needs the privileged
/// account, so these steps belong to the setup (automatic bootstrap, or the manual scripts).
public struct SourceTableGrants: Sendable, Hashable {
    public var systemUserCanUseSchema: Bool
    public var systemUserCanSelect: Bool
    /// Grantees holding SELECT directly (`""` is PUBLIC), the table's owner aside (an owner's
    /// privileges cannot be taken away for good, and it is the data's owner anyway).
    public var readers: Set<String>

    public init(systemUserCanUseSchema: Bool, systemUserCanSelect: Bool, readers: Set<String>) {
        self.systemUserCanUseSchema = systemUserCanUseSchema
        self.systemUserCanSelect = systemUserCanSelect
        self.readers = readers
    }
}

public enum SourceGrants {
    /// Tables read from the managed database itself (others are granted in their own database).
    public static func localTables(_ governance: Governance, managedDatabase: String) -> [TableReference] {
        var seen: Set<String> = []
        return governance.dataSources.map(\.table).filter { table in
            (table.database == nil || table.database == managedDatabase) && seen.insert("\(table.schema).\(table.table)").inserted
        }
    }

    /// Reads the grants of `tables` (connected to the managed database, any account).
    public static func observe(_ connection: PGConnection, tables: [TableReference], systemUser: String) async throws -> [String: SourceTableGrants] {
        guard !tables.isEmpty else { return [:] }
        let schemas = Array(Set(tables.map(\.schema))).sorted()
        let names = Array(Set(tables.map(\.table))).sorted()
        let result = try await connection.query(querySQL(connection.serverDialect, schemaCount: schemas.count, tableCount: names.count),
                                                [systemUser] + schemas + names)
        var grants: [String: SourceTableGrants] = [:]
        for row in result.rows where row.count == 6 {
            guard let schema = row[0], let table = row[1] else { continue }
            let readers = (ACLItem.parseArray(row[2]) ?? []).filter { $0.privileges.contains("r") && $0.grantee != row[3] }.map(\.grantee)
            grants["\(schema).\(table)"] = SourceTableGrants(systemUserCanUseSchema: row[4] == "t", systemUserCanSelect: row[5] == "t",
                                                             readers: Set(readers))
        }
        return grants
    }

    /// The grants query (parameters: the system account, then schemas, then table names).
    ///
    /// Redshift's catalog is PostgreSQL 8.0's: no `pg_roles` (8.1), so users come from `pg_user`
    /// and owners by joining it on `usesysid` (`pg_get_userbyid` is not in the Redshift Database
    /// Developer Guide: https://docs.aws.amazon.com/redshift/latest/dg/c_intro_catalog_views.html).
    /// `HAS_SCHEMA_PRIVILEGE` / `HAS_TABLE_PRIVILEGE` take names
    /// (https://docs.aws.amazon.com/redshift/latest/dg/r_HAS_SCHEMA_PRIVILEGE.html,
    /// https://docs.aws.amazon.com/redshift/latest/dg/r_HAS_TABLE_PRIVILEGE.html); they are
    /// leader-node-only, so this query reads catalog tables only.
    public static func querySQL(_ dialect: DialectKind, schemaCount: Int, tableCount: Int) -> String {
        let schemas = ParameterList.placeholders(schemaCount, from: 2)
        let tables = ParameterList.placeholders(tableCount, from: 2 + schemaCount)
        switch dialect {
        case .postgresql:
            return """
                SELECT n.nspname, c.relname, CAST(c.relacl AS VARCHAR), pg_catalog.pg_get_userbyid(c.relowner),
                  CASE WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = $1) THEN has_schema_privilege($1, n.oid, 'USAGE') ELSE false END,
                  CASE WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = $1) THEN has_table_privilege($1, c.oid, 'SELECT') ELSE false END
                FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname IN (\(schemas))
                AND c.relname IN (\(tables)) AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
                """
        case .redshift:
            return """
                SELECT n.nspname, c.relname, c.relacl, COALESCE(o.usename, ''),
                  CASE WHEN EXISTS (SELECT 1 FROM pg_user WHERE usename = $1) THEN has_schema_privilege($1, n.nspname, 'USAGE') ELSE false END,
                  CASE WHEN EXISTS (SELECT 1 FROM pg_user WHERE usename = $1)
                    THEN has_table_privilege($1, QUOTE_IDENT(n.nspname) || '.' || QUOTE_IDENT(c.relname), 'SELECT') ELSE false END
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_user o ON o.usesysid = c.relowner
                WHERE n.nspname IN (\(schemas))
                AND c.relname IN (\(tables)) AND c.relkind IN ('r', 'v')
                """
        }
    }

    /// The steps that make the grants right. `observed == nil` (a script, offline) grants
    /// everything the system account needs and revokes nothing.
    public static func steps(_ governance: Governance, managedDatabase: String, systemUser: SQLIdentifier,
                             observed: [String: SourceTableGrants]?) throws -> [Step] {
        var steps: [Step] = []
        let mapped = Set(governance.users.map(\.warehouseUser))
        var schemasGranted: Set<String> = []
        for table in localTables(governance, managedDatabase: managedDatabase) {
            let schema = try SQLIdentifier(table.schema)
            let name = "\(schema.quoted).\(try SQLIdentifier(table.table).quoted)"
            let seen = observed?["\(table.schema).\(table.table)"]
            if seen?.systemUserCanUseSchema != true, schemasGranted.insert(table.schema).inserted {
                steps.append(Step("Let \(systemUser.name) use schema \(table.schema) (source of data sources)", target: .managedDatabase,
                                  statement: SQLStatement("GRANT USAGE ON SCHEMA \(schema.quoted) TO \(systemUser.quoted)")))
            }
            if seen?.systemUserCanSelect != true {
                steps.append(Step("Let \(systemUser.name) read \(table.schema).\(table.table) for its views", target: .managedDatabase,
                                  statement: SQLStatement("GRANT SELECT ON \(name) TO \(systemUser.quoted)")))
            }
            for reader in (seen?.readers ?? []).sorted() where reader.isEmpty || mapped.contains(reader) {
                let grantee = reader.isEmpty ? "PUBLIC" : try SQLIdentifier(reader).quoted
                steps.append(Step("Revoke direct reads of \(table.schema).\(table.table) from \(reader.isEmpty ? "PUBLIC" : reader) (use the view)",
                                  target: .managedDatabase, statement: SQLStatement("REVOKE SELECT ON \(name) FROM \(grantee)")))
            }
        }
        return steps
    }
}
