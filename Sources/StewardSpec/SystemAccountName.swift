extension SpecFileName {
    /// Longest account name Steward creates (PostgreSQL's limit; Redshift allows more).
    package static let maximumAccountNameBytes = 63

    /// The warehouse account Steward creates for an integration: `steward_` + the name, lower
    /// case, with `-` and `.` (and anything else outside `[a-z0-9_]`) turned into `_`.
    ///
    /// `analytics` → `steward_analytics`, `sales-eu.prod` → `steward_sales_eu_prod`.
    ///
    /// A result longer than 63 bytes is cut to 54 bytes and given `_` and the first 8 hex digits
    /// of the SHA-256 of the integration name, so long names that share a prefix still get
    /// different accounts, and the same name always gets the same account.
    ///
    /// The mapping is not one-to-one: `a-b`, `a.b` and `a_b` all give `steward_a_b`. Whoever
    /// creates accounts must check that no other integration on the same server already owns the
    /// name (the ownership marker tells).
    package static func systemAccountName(forIntegration name: String) -> String {
        var account = "steward_"
        for scalar in name.lowercased().unicodeScalars {
            let allowed = (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9") || scalar == "_"
            account.unicodeScalars.append(allowed ? scalar : "_")
        }
        guard account.utf8.count > maximumAccountNameBytes else { return account }
        let suffix = "_" + String(SHA256.hexDigest(of: name).prefix(8))
        // All ASCII, so cutting by characters is cutting by bytes.
        return String(account.prefix(maximumAccountNameBytes - suffix.count)) + suffix
    }
}
