/// One policy: exactly one of `subscription`, `masking` and `rowFilter`, applying to the named
/// data sources (all of them when `dataSources` is absent).
package struct Policy: Sendable, Hashable, Codable {
    package var name: String
    package var dataSources: [String]?
    package var subscription: Subscription?
    package var masking: Masking?
    package var rowFilter: RowFilter?

    package init(name: String, dataSources: [String]? = nil, subscription: Subscription? = nil, masking: Masking? = nil, rowFilter: RowFilter? = nil) {
        self.name = name
        self.dataSources = dataSources
        self.subscription = subscription
        self.masking = masking
        self.rowFilter = rowFilter
    }

    package func applies(to dataSource: String) -> Bool {
        dataSources?.contains(dataSource) ?? true
    }

    /// Who may query the data sources at all. Without any subscription policy covering a data
    /// source, nobody may.
    package struct Subscription: Sendable, Hashable, Codable {
        package var groups: [String]
        package var users: [String]

        package init(groups: [String] = [], users: [String] = []) {
            self.groups = groups
            self.users = users
        }
    }

    /// Replaces column values for everyone outside `exceptGroups`. The first masking policy (in
    /// spec order) that covers a column wins.
    package struct Masking: Sendable, Hashable, Codable {
        package var columns: [String]
        package var tags: [String]
        package var method: MaskingMethod
        /// `constant`: the replacement text.
        package var constant: String?
        /// `regex`: POSIX pattern and replacement.
        package var pattern: String?
        package var replacement: String?
        /// `round`: digits after the decimal point (negative rounds to tens, hundreds, …).
        package var digits: Int?
        package var exceptGroups: [String]

        package init(columns: [String] = [], tags: [String] = [], method: MaskingMethod, constant: String? = nil,
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
    package struct RowFilter: Sendable, Hashable, Codable {
        package var column: String
        package var matchesAttribute: String?
        package var `in`: [String]?
        package var exceptGroups: [String]

        package init(column: String, matchesAttribute: String? = nil, in values: [String]? = nil, exceptGroups: [String] = []) {
            self.column = column
            self.matchesAttribute = matchesAttribute
            self.in = values
            self.exceptGroups = exceptGroups
        }
    }
}

package enum MaskingMethod: String, Sendable, Hashable, Codable, CaseIterable {
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
