/// Picks the IAM role to assume from those the SAML assertion offers, by the configured
/// `okta.role`: a full role ARN matches exactly; anything else matches the role name after
/// `role/` (with or without its path). Without a configured role, a single offered role is taken.
enum RoleSelector {
    static func select(_ configured: String?, from offered: [SAMLRole]) throws(FederationError) -> SAMLRole {
        var roles: [SAMLRole] = []
        for role in offered where !roles.contains(role) { roles.append(role) }
        let wanted = configured?.trimmingWhitespace() ?? ""
        guard !wanted.isEmpty else {
            if roles.count == 1 { return roles[0] }
            throw FederationError(
                stage: .roleSelection,
                message: "Okta offers \(roles.count) roles and none is configured: \(list(roles)).",
                fix: "Set okta.role to one of these role names (or a full role ARN).")
        }
        let matches = wanted.hasPrefix("arn:")
            ? roles.filter { $0.roleArn == wanted }
            : roles.filter { $0.roleName == wanted || $0.shortName == wanted }
        switch matches.count {
        case 1:
            return matches[0]
        case 0:
            throw FederationError(
                stage: .roleSelection,
                message: "no role offered by Okta matches okta.role \"\(ServerText.clip(wanted, limit: 200))\"; available: \(list(roles)).",
                fix: "Set okta.role to one of the available role names (or a full role ARN), or assign the role to the user in the Okta AWS app.")
        default:
            throw FederationError(
                stage: .roleSelection,
                message: "okta.role \"\(ServerText.clip(wanted, limit: 200))\" matches several roles: \(matches.map(\.roleArn).joined(separator: ", ")).",
                fix: "Set okta.role to the full role ARN of the one to use.")
        }
    }

    /// `name (arn), ...` for messages.
    private static func list(_ roles: [SAMLRole]) -> String {
        roles.isEmpty ? "none" : roles.map { "\($0.roleName) (\($0.roleArn))" }.joined(separator: ", ")
    }
}
