/// One column as one user reads it through the view: raw, or masked by which policy and method.
package struct ColumnAccess: Sendable, Hashable, Codable {
    package var column: String
    /// The first masking policy (in spec order) covering the column, by name or by tag: it
    /// decides, whether it masks the column or exempts the user.
    package var policy: String?
    /// The method that applies to this user; nil when the column is raw.
    package var method: MaskingMethod?
    /// The user's group named in the deciding policy's `exceptGroups`.
    package var exemptGroup: String?
    /// Why, in a sentence.
    package var reason: String
    /// The deciding policy's masking rule (for computing values); not part of the JSON.
    package var masking: Policy.Masking?

    enum CodingKeys: String, CodingKey { case column, policy, method, exemptGroup, reason }

    package var isMasked: Bool { method != nil }

    static func decide(_ column: String, tags: [String], user: MappedUser, policies: [Policy]) -> ColumnAccess {
        for policy in policies {
            guard let masking = policy.masking else { continue }
            let tag = tags.first(where: masking.tags.contains)
            guard masking.columns.contains(column) || tag != nil else { continue }
            let how = masking.columns.contains(column) ? "names column \(column)" : "covers tag \(tag ?? "")"
            if let group = user.groups.first(where: masking.exceptGroups.contains) {
                return ColumnAccess(column: column, policy: policy.name, method: nil, exemptGroup: group,
                                    reason: "policy \"\(policy.name)\" \(how) but exempts group \(group): raw", masking: masking)
            }
            return ColumnAccess(column: column, policy: policy.name, method: masking.method, exemptGroup: nil,
                                reason: "policy \"\(policy.name)\" \(how): \(describe(masking))", masking: masking)
        }
        return ColumnAccess(column: column, policy: nil, method: nil, exemptGroup: nil, reason: "no masking policy covers it: raw", masking: nil)
    }

    /// What the user reads for a stored `value` (text form; nil is NULL).
    package func value(of value: String?) throws(AccessError) -> String? {
        guard let masking, method != nil else { return value }
        return try MaskedValue.apply(masking, to: value)
    }

    static func describe(_ masking: Policy.Masking) -> String {
        switch masking.method {
        case .null: "masked as NULL"
        case .constant: "masked with the constant \"\(masking.constant ?? "")\""
        case .hash: "masked with its SHA-256 (hex)"
        case .regex: "masked by replacing \"\(masking.pattern ?? "")\" with \"\(masking.replacement ?? "")\""
        case .round: "masked by rounding to \(masking.digits ?? 0) digits"
        }
    }
}
