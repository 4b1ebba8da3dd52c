import StewardSpec

/// The governance catalog's PostgreSQL-only read: source columns with PostgreSQL's own catalog
/// (`format_type`, `pg_type.typcategory`), which Redshift's PostgreSQL 8.0 catalog lacks.
extension GovernanceCatalog {
    /// One query for the source tables in the managed database (none when there are none).
    static func postgresqlColumnsReads(_ governance: Governance, managedDatabase: String) -> [SQLStatement] {
        let local = governance.dataSources.filter { $0.table.database == nil || $0.table.database == managedDatabase }
        guard !local.isEmpty else { return [] }
        let schemaNames = Array(Set(local.map(\.table.schema))).sorted()
        let tableNames = Array(Set(local.map(\.table.table))).sorted()
        return [SQLStatement(postgresqlColumnsSQL(schemaCount: schemaNames.count, tableCount: tableNames.count),
                             parameters: schemaNames + tableNames)]
    }

    static func postgresqlColumnsSQL(schemaCount: Int, tableCount: Int) -> String {
        """
        SELECT n.nspname, c.relname, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), t.typcategory = 'N'
        FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
        JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
        WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
        AND n.nspname IN (\(ParameterList.placeholders(schemaCount)))
        AND c.relname IN (\(ParameterList.placeholders(tableCount, from: schemaCount + 1)))
        ORDER BY n.nspname, c.relname, a.attnum
        """
    }
}
