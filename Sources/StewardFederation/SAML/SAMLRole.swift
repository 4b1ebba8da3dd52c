/// One IAM role the assertion offers, with the SAML provider that vouches for it.
///
/// The `Role` attribute's values are `roleArn,principalArn` pairs in either order; the role is
/// the ARN with `:role/`, the principal the one with `:saml-provider/`.
struct SAMLRole: Sendable, Hashable {
    var roleArn: String
    var principalArn: String

    init(roleArn: String, principalArn: String) {
        self.roleArn = roleArn
        self.principalArn = principalArn
    }

    /// Reads a `Role` attribute value; nil unless it is one role ARN and one provider ARN.
    init?(pair: String) {
        let parts = pair.split(separator: ",").map { $0.trimmingWhitespace() }
        guard parts.count == 2 else { return nil }
        let roles = parts.filter { Self.resource(of: $0)?.hasPrefix("role/") == true }
        let providers = parts.filter { Self.resource(of: $0)?.hasPrefix("saml-provider/") == true }
        guard roles.count == 1, providers.count == 1 else { return nil }
        roleArn = roles[0]
        principalArn = providers[0]
    }

    /// The name after `role/` (with any path): `admin` for `arn:aws:iam::123456789012:role/admin`.
    var roleName: String {
        guard let resource = Self.resource(of: roleArn), resource.hasPrefix("role/") else { return roleArn }
        return String(resource.dropFirst("role/".count))
    }

    /// The last part of the role name, without a path.
    var shortName: String { roleName.split(separator: "/").last.map(String.init) ?? roleName }

    /// `arn:PARTITION:iam::ACCOUNT:RESOURCE` → RESOURCE.
    private static func resource(of arn: String) -> String? {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", parts[2] == "iam", !parts[4].isEmpty else { return nil }
        return String(parts[5])
    }
}
