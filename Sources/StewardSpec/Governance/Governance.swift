/// The policy part of a spec: tables to govern, the people who query them, and the rules.
///
/// The warehouse enforces it the way the product does in Redshift: a profile table in
/// `immuta_system` holds each mapped user's groups, attributes and subscriptions, and one view
/// per data source joins that profile (filtered on the querying user) to mask columns and filter
/// rows. Encoded as written in the spec, so `steward get` shows it in the same shape.
public struct Governance: Sendable, Hashable, Codable {
    public var dataSources: [DataSource]
    public var users: [MappedUser]
    public var policies: [Policy]

    public init(dataSources: [DataSource] = [], users: [MappedUser] = [], policies: [Policy] = []) {
        self.dataSources = dataSources
        self.users = users
        self.policies = policies
    }

    public var isEmpty: Bool { dataSources.isEmpty && users.isEmpty && policies.isEmpty }
}

/// A table registered for governance and the view that publishes it.
public struct DataSource: Sendable, Hashable, Codable {
    public var name: String
    /// The source table: `database.schema.table`, or `schema.table` in the managed database.
    public var table: TableReference
    /// Where the view is published in the managed database (default: the source schema).
    public var schema: String
    /// The view's name (default: the table's name).
    public var view: String
    /// Column name → tags (e.g. `email: [pii]`), for masking policies that select by tag.
    public var columns: [String: [String]]

    public init(name: String, table: TableReference, schema: String? = nil, view: String? = nil, columns: [String: [String]] = [:]) {
        self.name = name
        self.table = table
        self.schema = schema ?? table.schema
        self.view = view ?? table.table
        self.columns = columns
    }

    /// The columns carrying `tag`.
    public func columns(taggedWith tag: String) -> [String] {
        columns.filter { $0.value.contains(tag) }.map(\.key).sorted()
    }
}

/// `database.schema.table` or `schema.table`.
public struct TableReference: Sendable, Hashable, Codable, CustomStringConvertible {
    public var database: String?
    public var schema: String
    public var table: String

    public init(database: String? = nil, schema: String, table: String) {
        self.database = database
        self.schema = schema
        self.table = table
    }

    /// Parses `a.b.c` or `b.c`; nil for anything else.
    public init?(parsing text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard (2...3).contains(parts.count), parts.allSatisfy({ !$0.isEmpty }) else { return nil }
        self.init(database: parts.count == 3 ? parts[0] : nil, schema: parts[parts.count - 2], table: parts[parts.count - 1])
    }

    public var description: String { ([database].compactMap { $0 } + [schema, table]).joined(separator: ".") }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let parsed = TableReference(parsing: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not schema.table: \(text)"))
        }
        self = parsed
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// A governance identity mapped to a warehouse login, with its groups and attributes.
public struct MappedUser: Sendable, Hashable, Codable {
    public var name: String
    public var warehouseUser: String
    public var groups: [String]
    public var attributes: [String: [String]]

    public init(name: String, warehouseUser: String? = nil, groups: [String] = [], attributes: [String: [String]] = [:]) {
        self.name = name
        self.warehouseUser = warehouseUser ?? name
        self.groups = groups
        self.attributes = attributes
    }
}
