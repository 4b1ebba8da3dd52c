/// One row filter as it applies to one user: which rows it keeps, or that the user is exempt.
package struct RowFilterAccess: Sendable, Hashable, Codable {
    package var policy: String
    package var column: String
    /// The column's value must be one of the user's values of this attribute.
    package var matchesAttribute: String?
    /// With `matchesAttribute`: the user's values; nil when the user has no such attribute
    /// (then no row passes).
    package var userValues: [String]?
    /// The column's value must be one of these.
    package var `in`: [String]?
    /// The user's group named in the filter's `exceptGroups`: the filter does not apply.
    package var exemptGroup: String?

    init(_ policy: Policy, filter: Policy.RowFilter, user: MappedUser) {
        self.policy = policy.name
        column = filter.column
        matchesAttribute = filter.matchesAttribute
        userValues = filter.matchesAttribute.flatMap { user.attributes[$0] }
        self.in = filter.matchesAttribute == nil ? filter.in ?? [] : nil
        exemptGroup = user.groups.first(where: filter.exceptGroups.contains)
    }

    /// Whether a row whose column holds `value` (text form; nil is NULL) passes. NULL never
    /// matches: it is nobody's attribute value and in no list. Values compare as exact text.
    package func admits(_ value: String?) -> Bool {
        if exemptGroup != nil { return true }
        guard let value else { return false }
        return (matchesAttribute == nil ? self.in : userValues)?.contains(value) ?? false
    }

    /// Why, in a sentence.
    package var reason: String {
        if let exemptGroup { return "policy \"\(policy)\" does not filter members of \(exemptGroup)" }
        if let attribute = matchesAttribute {
            guard let values = userValues else {
                return "policy \"\(policy)\" keeps rows whose \(column) matches the user's \(attribute), which the user does not have: no rows"
            }
            return "policy \"\(policy)\" keeps rows whose \(column) is one of the user's \(attribute) values [\(values.joined(separator: ", "))]"
        }
        return "policy \"\(policy)\" keeps rows whose \(column) is one of [\((self.in ?? []).joined(separator: ", "))]"
    }
}
