/// One row filter as it applies to one user: which rows it keeps, or that the user is exempt.
public struct RowFilterAccess: Sendable, Hashable, Codable {
    public var policy: String
    public var column: String
    /// The column's value must be one of the user's values of this attribute.
    public var matchesAttribute: String?
    /// With `matchesAttribute`: the user's values; nil when the user has no such attribute
    /// (then no row passes).
    public var userValues: [String]?
    /// The column's value must be one of these.
    public var `in`: [String]?
    /// The user's group named in the filter's `exceptGroups`: the filter does not apply.
    public var exemptGroup: String?

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
    public func admits(_ value: String?) -> Bool {
        if exemptGroup != nil { return true }
        guard let value else { return false }
        return (matchesAttribute == nil ? self.in : userValues)?.contains(value) ?? false
    }

    /// Why, in a sentence.
    public var reason: String {
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
