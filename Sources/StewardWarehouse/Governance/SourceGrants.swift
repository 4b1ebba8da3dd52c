import StewardSpec

/// Privileges on a source table that enforcement depends on: the system account (which owns
/// the views) may read it, and nobody else reads it directly (mapped users and PUBLIC go
/// through the views). Granting and revoking on someone else's table needs the privileged
/// account, so these steps belong to the setup (automatic bootstrap, or the manual scripts).
package struct SourceTableGrants: Sendable, Hashable {
    package var systemUserCanUseSchema: Bool
    package var systemUserCanSelect: Bool
    /// Grantees holding SELECT directly (`""` is PUBLIC), the table's owner aside (an owner's
    /// privileges cannot be taken away for good, and it is the data's owner anyway).
    package var readers: Set<String>

    package init(systemUserCanUseSchema: Bool, systemUserCanSelect: Bool, readers: Set<String>) {
        self.systemUserCanUseSchema = systemUserCanUseSchema
        self.systemUserCanSelect = systemUserCanSelect
        self.readers = readers
    }
}

package enum SourceGrants {
    /// Tables read from the managed database itself (others are granted in their own database).
    package static func localTables(_ governance: Governance, managedDatabase: String) -> [TableReference] {
        var seen: Set<String> = []
        return governance.dataSources.map(\.table).filter { table in
            (table.database == nil || table.database == managedDatabase) && seen.insert("\(table.schema).\(table.table)").inserted
        }
    }

    /// Reads the grants of `tables` (connected to the managed database, any account).
    ///
    /// Every answer comes from the grantee's *own* ACL entries (or ownership), never from
    /// `has_table_privilege`/`has_schema_privilege`: those count what the system account gets
    /// through PUBLIC or a role it belongs to, so a table PUBLIC could read looked readable by the
    /// system account, the plan revoked PUBLIC's read and granted nothing, and every governed view
    /// over it failed with "permission denied". A NULL ACL means the engine's defaults: the owner
    /// holds everything, nobody else anything.
    package static func observe(_ connection: PGConnection, tables: [TableReference], systemUser: String) async throws -> [String: SourceTableGrants] {
        guard let read = read(tables, dialect: connection.serverDialect) else { return [:] }
        let result = try await connection.query(read)
        var grants: [String: SourceTableGrants] = [:]
        for row in result.rows where row.count == 6 {
            guard let schema = row[0], let table = row[1] else { continue }
            let tableACL = ACLItem.parseArray(row[2]) ?? []
            let schemaACL = ACLItem.parseArray(row[4]) ?? []
            let readers = tableACL.filter { $0.privileges.contains("r") && $0.grantee != row[3] }.map(\.grantee)
            grants["\(schema).\(table)"] = SourceTableGrants(
                systemUserCanUseSchema: row[5] == systemUser || schemaACL.privileges(of: systemUser).contains("U"),
                systemUserCanSelect: row[3] == systemUser || tableACL.privileges(of: systemUser).contains("r"),
                readers: Set(readers))
        }
        return grants
    }

    /// The query `observe` sends for `tables` (nil when there are none).
    package static func read(_ tables: [TableReference], dialect: DialectKind) -> SQLStatement? {
        guard !tables.isEmpty else { return nil }
        let schemas = Array(Set(tables.map(\.schema))).sorted()
        let names = Array(Set(tables.map(\.table))).sorted()
        return SQLStatement(querySQL(dialect, schemaCount: schemas.count, tableCount: names.count), parameters: schemas + names)
    }

    /// The grants query (parameters: the schemas, then the table names): each table's ACL and
    /// owner and its schema's ACL and owner, as text. No `has_*_privilege` (see `observe`).
    ///
    /// Redshift's catalog is PostgreSQL 8.0's: owners come from joining `pg_user` on `usesysid`
    /// (`pg_get_userbyid` is not in the Redshift Database Developer Guide:
    /// https://docs.aws.amazon.com/redshift/latest/dg/c_intro_catalog_views.html), and the ACLs
    /// are `pg_class.relacl` and `pg_namespace.nspacl` in their text form, as the catalog
    /// observation already reads `datacl` and `nspacl`. Catalog tables only, so nothing here is
    /// mixed with user tables (https://docs.aws.amazon.com/redshift/latest/dg/c_sql-functions-leader-node.html).
    package static func querySQL(_ dialect: DialectKind, schemaCount: Int, tableCount: Int) -> String {
        let schemas = ParameterList.placeholders(schemaCount, from: 1)
        let tables = ParameterList.placeholders(tableCount, from: 1 + schemaCount)
        switch dialect {
        case .postgresql:
            return """
                SELECT n.nspname, c.relname, CAST(c.relacl AS VARCHAR), pg_catalog.pg_get_userbyid(c.relowner),
                  CAST(n.nspacl AS VARCHAR), pg_catalog.pg_get_userbyid(n.nspowner)
                FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname IN (\(schemas))
                AND c.relname IN (\(tables)) AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
                """
        case .redshift:
            return """
                SELECT n.nspname, c.relname, c.relacl, COALESCE(towner.usename, ''), n.nspacl, COALESCE(sowner.usename, '')
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                LEFT JOIN pg_user towner ON towner.usesysid = c.relowner LEFT JOIN pg_user sowner ON sowner.usesysid = n.nspowner
                WHERE n.nspname IN (\(schemas))
                AND c.relname IN (\(tables)) AND c.relkind IN ('r', 'v')
                """
        }
    }

    /// The steps that make the grants right. `observed == nil` (a script, offline) grants
    /// everything the system account needs and revokes nothing.
    package static func steps(_ governance: Governance, managedDatabase: String, systemUser: SQLIdentifier,
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
