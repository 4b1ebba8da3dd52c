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
    ///
    /// Every answer comes from the grantee's *own* ACL entries (or ownership), never from
    /// `has_table_privilege`/`has_schema_privilege`: those count what the system account gets
    /// through PUBLIC or a role it belongs to, so a table PUBLIC could read looked readable by the
    /// system account, the plan revoked PUBLIC's read and granted nothing, and every governed view
    /// over it failed with "permission denied". A NULL ACL means the engine's defaults: the owner
    /// holds everything, nobody else anything.
    public static func observe(_ connection: PGConnection, tables: [TableReference], systemUser: String) async throws -> [String: SourceTableGrants] {
        guard !tables.isEmpty else { return [:] }
        let schemas = Array(Set(tables.map(\.schema))).sorted()
        let names = Array(Set(tables.map(\.table))).sorted()
        let result = try await connection.query("""
            SELECT n.nspname, c.relname, CAST(c.relacl AS VARCHAR), pg_catalog.pg_get_userbyid(c.relowner),
              CAST(n.nspacl AS VARCHAR), pg_catalog.pg_get_userbyid(n.nspowner)
            FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname IN (\(ParameterList.placeholders(schemas.count, from: 1)))
            AND c.relname IN (\(ParameterList.placeholders(names.count, from: 1 + schemas.count))) AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
            """, schemas + names)
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
