import StewardSpec

/// The view that publishes one data source: masking in the select list, the subscription
/// check and row filters in the WHERE clause, joined to the querying user's profile.
///
/// Every identifier goes through `SQLIdentifier.quoted`; every name or value from the spec that
/// appears as text goes through `SQLLiteral` (the spec already limits them to safe characters,
/// so this is the second line of defence). The text is deterministic, so its hash tells whether
/// a policy change touches this view.
package struct ViewDefinition: Sendable, Hashable {
    package var dataSource: String
    package var schema: SQLIdentifier
    package var name: SQLIdentifier
    package var sql: String

    /// SHA-256 of `sql`: recorded with the view, compared on the next reconcile.
    package var definitionHash: String { SHA256.hexDigest(of: sql) }
    package var qualifiedName: String { "\(schema.quoted).\(name.quoted)" }

    package static func build(_ source: DataSource, columns: [SourceColumn], policies: [Policy], managedDatabase: String,
                             dialect: any GovernanceDialect) throws -> ViewDefinition {
        let schema = try SQLIdentifier(source.schema)
        let name = try SQLIdentifier(source.view)
        let known = Set(columns.map(\.name))
        let applicable = policies.filter { $0.applies(to: source.name) }
        var attributes: [String] = []
        func attributeAlias(_ attribute: String) -> String {
            if let index = attributes.firstIndex(of: attribute) { return "p.\"a\(index)\"" }
            attributes.append(attribute)
            return "p.\"a\(attributes.count - 1)\""
        }

        // Select list: the first masking policy that covers a column wins.
        var select: [String] = []
        for column in columns {
            let quoted = "t.\(try SQLIdentifier(column.name).quoted)"
            let masking = applicable.lazy.compactMap(\.masking).first { masking in
                masking.columns.contains(column.name) || masking.tags.contains { source.columns[column.name]?.contains($0) ?? false }
            }
            let expression = try masking.map { try maskedExpression(quoted, column: column, masking: $0, dialect: dialect) } ?? quoted
            select.append("\(expression) AS \(try SQLIdentifier(column.name).quoted)")
        }
        for masking in applicable.compactMap(\.masking) {
            for column in masking.columns where !known.contains(column) {
                throw missingColumn(column, source: source)
            }
        }

        // WHERE: subscribed, and every row filter that does not exempt the user.
        var conditions = ["POSITION(\(try literal("|\(source.name)|")) IN p.\"s\") > 0"]
        for filter in applicable.compactMap(\.rowFilter) {
            guard let column = columns.first(where: { $0.name == filter.column }) else { throw missingColumn(filter.column, source: source) }
            let value = "CAST(t.\(try SQLIdentifier(column.name).quoted) AS \(dialect.textType))"
            let match: String
            if let attribute = filter.matchesAttribute {
                // A value holding the delimiter is no single attribute value ('EU|US' must not
                // match a user whose values are EU and US).
                match = "POSITION('|' IN \(value)) = 0 AND POSITION('|' || \(value) || '|' IN \(attributeAlias(attribute))) > 0"
            } else {
                match = "\(value) IN (\(try (filter.in ?? []).map { try literal($0) }.joined(separator: ", ")))"
            }
            conditions.append(filter.exceptGroups.isEmpty ? "(\(match))" : "(\(try exempt(filter.exceptGroups)) OR \(match))")
        }

        var profile = [
            "MAX(CASE WHEN kind = 'groups' THEN items END) AS \"g\"",
            "MAX(CASE WHEN kind = 'subscriptions' THEN items END) AS \"s\"",
        ]
        for (index, attribute) in attributes.enumerated() {
            profile.append("MAX(CASE WHEN kind = 'attribute' AND name = \(try literal(attribute)) THEN items END) AS \"a\(index)\"")
        }
        let table = try dialect.sourceTable(source.table, managedDatabase: managedDatabase)
        let sql = dialect.viewHead("\(schema.quoted).\(name.quoted)")
            + "SELECT \(select.joined(separator: ", ")) FROM \(table) AS t CROSS JOIN (SELECT \(profile.joined(separator: ", ")) "
            + "FROM \(GovernanceObjects.myProfile)) AS p WHERE \(conditions.joined(separator: " AND "))" + dialect.viewTail
        return ViewDefinition(dataSource: source.name, schema: schema, name: name, sql: sql)
    }

    /// True when the querying user is in one of `groups`.
    static func exempt(_ groups: [String]) throws -> String {
        let tests = try groups.map { "POSITION(\(try literal("|\($0)|")) IN p.\"g\") > 0" }
        return tests.count == 1 ? tests[0] : "(\(tests.joined(separator: " OR ")))"
    }

    static func maskedExpression(_ column: String, column source: SourceColumn, masking: Policy.Masking,
                                 dialect: any GovernanceDialect) throws -> String {
        let text = "CAST(\(column) AS \(dialect.textType))"
        let decimal = "CAST(\(column) AS DECIMAL(38, 10))"
        let (original, masked): (String, String)
        switch masking.method {
        case .null:
            (original, masked) = (column, "NULL")
        case .constant:
            (original, masked) = (text, try literal(masking.constant ?? ""))
        case .hash:
            (original, masked) = (text, dialect.hash(text))
        case .regex:
            (original, masked) = (text, dialect.regexReplace(text, pattern: try SQLLiteral(masking.pattern ?? ""),
                                                              replacement: try SQLLiteral(masking.replacement ?? "")))
        case .round:
            guard source.isNumeric else {
                throw WarehouseError(kind: .invalidName, message: "column \(source.name) is \(source.type), which cannot be rounded",
                                     fix: "round only numeric columns; mask this one with null, constant, hash or regex")
            }
            // Exempt users read the column as stored (10.49, not 10.4900000000).
            (original, masked) = (column, "ROUND(\(decimal), \(masking.digits ?? 0))")
        }
        guard !masking.exceptGroups.isEmpty else { return masked }
        return "CASE WHEN \(try exempt(masking.exceptGroups)) THEN \(original) ELSE \(masked) END"
    }

    static func literal(_ text: String) throws -> String { try SQLLiteral(text).quoted }

    static func missingColumn(_ column: String, source: DataSource) -> WarehouseError {
        WarehouseError(kind: .invalidName, message: "data source \(source.name): table \(source.table) has no column \(column)",
                       fix: "check the column name in the policy (names are case-sensitive), or the table")
    }
}
