/// The policy part of a spec: tables to govern, the people who query them, and the rules.
///
/// The warehouse enforces it the way the product does in Redshift: a profile table in
/// `immuta_system` holds each mapped user's groups, attributes and subscriptions, and one view
/// per data source joins that profile (filtered on the querying user) to mask columns and filter
/// rows. Encoded as written in the spec, so `steward get` shows it in the same shape.
package struct Governance: Sendable, Hashable, Codable {
    package var dataSources: [DataSource]
    package var users: [MappedUser]
    package var policies: [Policy]

    package init(dataSources: [DataSource] = [], users: [MappedUser] = [], policies: [Policy] = []) {
        self.dataSources = dataSources
        self.users = users
        self.policies = policies
    }

    package var isEmpty: Bool { dataSources.isEmpty && users.isEmpty && policies.isEmpty }
}

/// A table registered for governance and the view that publishes it.
package struct DataSource: Sendable, Hashable, Codable {
    package var name: String
    /// The source table: `database.schema.table`, or `schema.table` in the managed database.
    package var table: TableReference
    /// Where the view is published in the managed database (default: the source schema).
    package var schema: String
    /// The view's name (default: the table's name).
    package var view: String
    /// Column name → tags (e.g. `email: [pii]`), for masking policies that select by tag.
    package var columns: [String: [String]]

    package init(name: String, table: TableReference, schema: String? = nil, view: String? = nil, columns: [String: [String]] = [:]) {
        self.name = name
        self.table = table
        self.schema = schema ?? table.schema
        self.view = view ?? table.table
        self.columns = columns
    }

    /// The columns carrying `tag`.
    package func columns(taggedWith tag: String) -> [String] {
        columns.filter { $0.value.contains(tag) }.map(\.key).sorted()
    }
}

/// `database.schema.table` or `schema.table`.
package struct TableReference: Sendable, Hashable, Codable, CustomStringConvertible {
    package var database: String?
    package var schema: String
    package var table: String

    package init(database: String? = nil, schema: String, table: String) {
        self.database = database
        self.schema = schema
        self.table = table
    }

    /// Parses `a.b.c` or `b.c`; nil for anything else.
    package init?(parsing text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard (2...3).contains(parts.count), parts.allSatisfy({ !$0.isEmpty }) else { return nil }
        self.init(database: parts.count == 3 ? parts[0] : nil, schema: parts[parts.count - 2], table: parts[parts.count - 1])
    }

    package var description: String { ([database].compactMap { $0 } + [schema, table]).joined(separator: ".") }

    package init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let parsed = TableReference(parsing: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not schema.table: \(text)"))
        }
        self = parsed
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// A governance identity mapped to a warehouse login, with its groups and attributes.
package struct MappedUser: Sendable, Hashable, Codable {
    package var name: String
    package var warehouseUser: String
    package var groups: [String]
    package var attributes: [String: [String]]

    package init(name: String, warehouseUser: String? = nil, groups: [String] = [], attributes: [String: [String]] = [:]) {
        self.name = name
        self.warehouseUser = warehouseUser ?? name
        self.groups = groups
        self.attributes = attributes
    }
}
