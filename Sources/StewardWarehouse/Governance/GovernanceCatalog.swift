import StewardSpec

/// Reads what enforcement needs from the managed database, as the system account: a handful of
/// queries whatever the number of data sources.
package struct GovernanceCatalog: Sendable {
    package var dialect: DialectKind

    package init(dialect: DialectKind) {
        self.dialect = dialect
    }

    package func observe(_ connection: PGConnection, governance: Governance, managedDatabase: String) async throws -> GovernanceObservation {
        var observed = GovernanceObservation()
        let objects = try await connection.query(Self.objectsRead)
        let present = Set(objects.rows.compactMap { $0.first ?? nil })
        observed.profileTableExists = present.contains(GovernanceObjects.profileTable.name)
        observed.viewsTableExists = present.contains(GovernanceObjects.viewsTable.name)
        observed.impersonationTableExists = present.contains(GovernanceObjects.impersonationTable.name)
        observed.profileViewExists = present.contains(GovernanceObjects.profileView.name)

        if observed.profileTableExists {
            observed.profileRows = Self.profileRows(try await connection.query(Self.profileSQL))
        }
        if observed.viewsTableExists {
            let rows = try await connection.query(Self.trackedSQL)
            for row in rows.rows where row.count == 5 {
                guard let key = row[0], let schema = row[1], let name = row[2], let definition = row[3] else { continue }
                observed.tracked[key] = TrackedView(key: key, schema: schema, name: name, definitionHash: definition, catalogHash: row[4] ?? "")
            }
        }
        if let function = observed.tracked[GovernancePlanner.functionKey] {
            let exists = try await connection.query(Self.functionRead)
            observed.impersonateFunctionHash = exists.isEmpty ? nil : function.definitionHash
        }

        // Schemas views live in (desired and tracked), and the views in them now.
        if let read = liveViewsRead(schemas: governance.dataSources.map(\.schema) + observed.tracked.values.map(\.schema)) {
            let live = try await connection.query(read)
            for row in live.rows where row.count == 3 {
                guard let schema = row[0] else { continue }
                observed.schemas.insert(schema)
                if let name = row[1], let hash = row[2], !hash.isEmpty { observed.liveViews["\(schema).\(name)"] = hash }
            }
        }

        // Source columns, in table order.
        var byTable: [String: [SourceColumn]] = [:]
        if dialect == .postgresql, let read = columnsReads(governance, managedDatabase: managedDatabase).first {
            let columns = try await connection.query(read)
            for row in columns.rows where row.count == 5 {
                guard let schema = row[0], let table = row[1], let name = row[2] else { continue }
                byTable["\(managedDatabase)\u{0}\(schema)\u{0}\(table)", default: []]
                    .append(SourceColumn(name: name, type: row[3] ?? "", isNumeric: row[4] == "t"))
            }
        }
        // Redshift reads every source table's columns, in this database or another (RA3 /
        // Serverless), from svv_all_columns
        // (https://docs.aws.amazon.com/redshift/latest/dg/r_SVV_ALL_COLUMNS.html): PostgreSQL's
        // pg_type.typcategory (8.4) does not exist in Redshift's PostgreSQL 8.0 catalog, and
        // format_type is not in the Redshift Database Developer Guide.
        if dialect == .redshift {
            for read in columnsReads(governance, managedDatabase: managedDatabase) {
                guard let database = read.parameters.first ?? nil else { continue }
                let columns = try await connection.query(read)
                for row in columns.rows where row.count == 4 {
                    guard let schema = row[0], let table = row[1], let name = row[2] else { continue }
                    let type = row[3] ?? ""
                    let numeric = ["smallint", "integer", "bigint", "numeric", "decimal", "real", "double precision"].contains { type.hasPrefix($0) }
                    byTable["\(database)\u{0}\(schema)\u{0}\(table)", default: []].append(SourceColumn(name: name, type: type, isNumeric: numeric))
                }
            }
        }
        for source in governance.dataSources {
            observed.sourceColumns[source.name] = byTable["\(source.table.database ?? managedDatabase)\u{0}\(source.table.schema)\u{0}\(source.table.table)"]
        }
        return observed
    }
}

extension GovernanceCatalog {
    /// The profile rows alone, in one round trip; nil when the profile table does not exist.
    package func observeProfile(_ connection: PGConnection) async throws -> [ProfileRow]? {
        let answers = try await connection.readAll(Self.profileReads)
        let objects = try answers[0].get()
        guard objects.rows.contains(where: { $0.first == GovernanceObjects.profileTable.name }) else { return nil }
        return Self.profileRows(try answers[1].get())
    }

    /// What `observeProfile` reads: which of enforcement's tables exist, and the profile rows.
    package static var profileReads: [SQLStatement] { [objectsRead, SQLStatement(profileSQL)] }

    static func profileRows(_ result: QueryResult) -> [ProfileRow] {
        result.rows.compactMap { row in
            guard row.count == 4, let user = row[0], let kind = row[1].flatMap(ProfileRow.Kind.init(rawValue:)),
                  let value = row[3] else { return nil }
            return ProfileRow(user: user, kind: kind, key: row[2] ?? "", value: value)
        }
    }

    /// The queries `observe` sends for `spec` when its enforcement is in place (its tables exist,
    /// and what it tracks is the spec's views and, with impersonation, the impersonation
    /// function), in order, for a caller that sends them ahead (`PGConnection.readAhead`).
    /// With `tablesExist` false (enforcement never ran) the reads of its own tables, which would
    /// fail, are left out.
    package func reads(_ spec: IntegrationSpec, tablesExist: Bool) -> [SQLStatement] {
        let governance = spec.governance
        let function = spec.config.impersonation.enabled && !governance.isEmpty ? [GovernanceObjects.proceduresSchema.name] : []
        let tables = tablesExist ? [SQLStatement(Self.profileSQL), SQLStatement(Self.trackedSQL)] : []
        return [Self.objectsRead] + tables + [Self.functionRead]
            + [liveViewsRead(schemas: governance.dataSources.map(\.schema) + function)].compactMap { $0 }
            + columnsReads(governance, managedDatabase: spec.config.database)
    }

    static var objectsRead: SQLStatement {
        SQLStatement(objectsSQL, parameters: [
            GovernanceObjects.systemSchema.name, GovernanceObjects.profileTable.name, GovernanceObjects.viewsTable.name,
            GovernanceObjects.impersonationTable.name, GovernanceObjects.profileView.name])
    }

    static var functionRead: SQLStatement {
        SQLStatement(functionSQL, parameters: [GovernanceObjects.proceduresSchema.name, GovernanceObjects.impersonateFunction.name])
    }

    /// The views now in `schemas` (nil when there are none).
    func liveViewsRead(schemas: [String]) -> SQLStatement? {
        let names = Set(schemas).sorted()
        guard !names.isEmpty else { return nil }
        return SQLStatement(liveViewsSQL(schemaCount: names.count), parameters: names)
    }

    /// The source-column queries: on PostgreSQL one for the tables in the managed database, on
    /// Redshift one per database the sources are in (`svv_all_columns`, parameter: the database).
    func columnsReads(_ governance: Governance, managedDatabase: String) -> [SQLStatement] {
        switch dialect {
        case .postgresql:
            return Self.postgresqlColumnsReads(governance, managedDatabase: managedDatabase)
        case .redshift:
            return Set(governance.dataSources.map { $0.table.database ?? managedDatabase }).sorted()
                .map { SQLStatement(Self.redshiftColumnsSQL, parameters: [$0]) }
        }
    }

    static let objectsSQL = """
        SELECT c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relname IN ($2, $3, $4, $5)
        """
    static let functionSQL = """
        SELECT 1 FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = $1 AND p.proname = $2
        """
    static let profileSQL = "SELECT user_name, kind, name, items FROM \(GovernanceObjects.profile)"
    static let trackedSQL = "SELECT object_key, view_schema, view_name, definition_hash, catalog_hash FROM \(GovernanceObjects.views)"
    static let redshiftColumnsSQL = """
        SELECT schema_name, table_name, column_name, data_type FROM svv_all_columns WHERE database_name = $1
        ORDER BY schema_name, table_name, ordinal_position
        """

    func liveViewsSQL(schemaCount: Int) -> String {
        """
        SELECT n.nspname, c.relname, CASE WHEN c.relkind = 'v' THEN \(dialect.governance.viewCatalogHash(namespace: "n", relation: "c")) ELSE '' END
        FROM pg_catalog.pg_namespace n LEFT JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relkind IN ('v', 'r')
        WHERE n.nspname IN (\(ParameterList.placeholders(schemaCount)))
        """
    }

    /// Every query this reader sends on its dialect, by name, for `schemaCount` view schemas (pinned
    /// by golden files; the Redshift ones are checked by `Deploy/dev/redshift-conformance.sh`).
    package func queryTexts(schemaCount: Int) -> [(String, String)] {
        var texts = [("governance objects", Self.objectsSQL), ("profile rows", Self.profileSQL), ("tracked views", Self.trackedSQL),
                     ("impersonation procedure", Self.functionSQL),
                     ("live views", liveViewsSQL(schemaCount: schemaCount))]
        texts.append(dialect == .redshift ? ("source columns", Self.redshiftColumnsSQL)
                                          : ("source columns", Self.postgresqlColumnsSQL(schemaCount: 1, tableCount: 1)))
        return texts
    }
}
