/// One policy: exactly one of `subscription`, `masking` and `rowFilter`, applying to the named
/// data sources (all of them when `dataSources` is absent).
public struct Policy: Sendable, Hashable, Codable {
    public var name: String
    public var dataSources: [String]?
    public var subscription: Subscription?
    public var masking: Masking?
    public var rowFilter: RowFilter?

    public init(name: String, dataSources: [String]? = nil, subscription: Subscription? = nil, masking: Masking? = nil, rowFilter: RowFilter? = nil) {
        self.name = name
        self.dataSources = dataSources
        self.subscription = subscription
        self.masking = masking
        self.rowFilter = rowFilter
    }

    public func applies(to dataSource: String) -> Bool {
        dataSources?.contains(dataSource) ?? true
    }

    /// Who may query the data sources at all. Without any subscription policy covering a data
    /// source, nobody may.
    public struct Subscription: Sendable, Hashable, Codable {
        public var groups: [String]
        public var users: [String]

        public init(groups: [String] = [], users: [String] = []) {
            self.groups = groups
            self.users = users
        }
    }

    /// Replaces column values for everyone outside `exceptGroups`. The first masking policy (in
    /// spec order) that covers a column wins.
    public struct Masking: Sendable, Hashable, Codable {
        public var columns: [String]
        public var tags: [String]
        public var method: MaskingMethod
        /// `constant`: the replacement text.
        public var constant: String?
        /// `regex`: POSIX pattern and replacement.
        public var pattern: String?
        public var replacement: String?
        /// `round`: digits after the decimal point (negative rounds to tens, hundreds, …).
        public var digits: Int?
        public var exceptGroups: [String]

        public init(columns: [String] = [], tags: [String] = [], method: MaskingMethod, constant: String? = nil,
                    pattern: String? = nil, replacement: String? = nil, digits: Int? = nil, exceptGroups: [String] = []) {
            self.columns = columns
            self.tags = tags
            self.method = method
            self.constant = constant
            self.pattern = pattern
            self.replacement = replacement
            self.digits = digits
            self.exceptGroups = exceptGroups
        }
    }

    /// Keeps only rows whose `column` is among the querying user's values of attribute
    /// `matchesAttribute`, or among `in`; members of `exceptGroups` see every row.
    public struct RowFilter: Sendable, Hashable, Codable {
        public var column: String
        public var matchesAttribute: String?
        public var `in`: [String]?
        public var exceptGroups: [String]

        public init(column: String, matchesAttribute: String? = nil, in values: [String]? = nil, exceptGroups: [String] = []) {
            self.column = column
            self.matchesAttribute = matchesAttribute
            self.in = values
            self.exceptGroups = exceptGroups
        }
    }
}

public enum MaskingMethod: String, Sendable, Hashable, Codable, CaseIterable {
    /// SQL NULL.
    case null
    /// A fixed text.
    case constant
    /// SHA-256 of the value, hex.
    case hash
    /// `regexp_replace` with `pattern` and `replacement`.
    case regex
    /// Numbers rounded to `digits`.
    case round
}
