/// The keys allowed in each mapping of a spec, what each one's value must be, and advice for
/// keys that are not allowed.
///
/// This is the one list of fields: `NodeReader.fields` refuses any key that is not here, and
/// `SpecSchema` (what `steward schema` prints) describes exactly these keys, with each field's
/// `FieldKind`. A key added to the decoder must be added here, or every spec using it is refused.
struct KeySchema: Sendable {
    /// One key of a mapping.
    struct Field: Sendable {
        let key: String
        let kind: FieldKind
        /// One sentence for editors (the schema's `description`).
        let summary: String
    }

    /// The mapping's name in the schema's `$defs`.
    let definition: String
    /// Where the mapping is, as messages say it.
    let location: String
    let fields: [Field]
    /// The keys, in the order they are documented.
    var keys: [String] { fields.map(\.key) }

    static let top = KeySchema(definition: "spec", location: "the top level", fields: [
        Field(key: "type", kind: .constant("Redshift"), summary: "The integration type; always Redshift."),
        Field(key: "autoBootstrap", kind: .bool,
              summary: "true: Steward runs the privileged setup with the credentials given; false: the setup scripts were run by hand."),
        Field(key: "config", kind: .object(config), summary: "Where the cluster is and how Steward logs in."),
        Field(key: "deletionPolicy", kind: .choice(DeletionPolicy.allCases.map(\.rawValue)),
              summary: "Delete (default): removing the integration drops what Steward made; Retain keeps it."),
        Field(key: "dataSources", kind: .list(.object(dataSource)), summary: "Source tables governed through views."),
        Field(key: "users", kind: .list(.object(user)), summary: "Governance identities mapped to warehouse logins."),
        Field(key: "policies", kind: .list(.object(policy)), summary: "Subscription, masking and row filter policies."),
    ])
    static let config = KeySchema(definition: "config", location: "config", fields: [
        Field(key: "host", kind: .hostName, summary: "The cluster endpoint's host name, without scheme or port."),
        Field(key: "port", kind: .integer(1...65535), summary: "The cluster's port (default 5439)."),
        Field(key: "database", kind: .createdName, summary: "The database Steward creates and manages."),
        Field(key: "initialDatabase", kind: .text(maximumBytes: FieldRules.maximumLoginBytes),
              summary: "An existing database Steward connects to first; required when autoBootstrap is true."),
        Field(key: "impersonation", kind: .object(impersonation), summary: "The impersonation role."),
        Field(key: "authenticationType", kind: .choice(AuthenticationType.allCases.map(\.rawValue)),
              summary: "userPassword (default) or okta."),
        Field(key: "username", kind: .text(maximumBytes: FieldRules.maximumLoginBytes),
              summary: "The privileged login (authenticationType userPassword)."),
        Field(key: "password", kind: .password, summary: "The privileged password inline; prefer passwordFile or passwordCredential."),
        Field(key: "passwordFile", kind: .absolutePath, summary: "An absolute path to a file holding the privileged password."),
        Field(key: "passwordCredential", kind: .credentialName, summary: "A systemd credential (LoadCredential=) holding the privileged password."),
        Field(key: "okta", kind: .object(okta), summary: "Okta federated login (authenticationType okta)."),
        Field(key: "sslMode", kind: .choice(SSLMode.allCases.map(\.rawValue)),
              summary: "TLS to the cluster: require (default), verify-ca, verify-full or disable."),
        Field(key: "sslRootCert", kind: .absolutePath, summary: "The CA bundle for verify-ca and verify-full."),
        Field(key: "connectTimeout", kind: .integer(1...300), summary: "Seconds to wait for a connection (default 10)."),
        Field(key: "clusterIdentifier", kind: .awsName, summary: "The cluster for GetClusterCredentials when the host is not an Amazon endpoint (okta only)."),
        Field(key: "region", kind: .awsName, summary: "The AWS region for GetClusterCredentials when the host does not say it (okta only)."),
        Field(key: "existingDatabase", kind: .bool, summary: "true: the database exists already and Steward never creates or drops it."),
    ])
    static let impersonation = KeySchema(definition: "impersonation", location: "config.impersonation", fields: [
        Field(key: "enabled", kind: .bool, summary: "Whether Steward creates the impersonation role."),
        Field(key: "role", kind: .createdName, summary: "The impersonation role's name."),
    ])
    static let okta = KeySchema(definition: "okta", location: "config.okta", fields: [
        Field(key: "username", kind: .text(maximumBytes: FieldRules.maximumLoginBytes), summary: "The Okta login."),
        Field(key: "password", kind: .password, summary: "The Okta password inline; prefer passwordFile or passwordCredential."),
        Field(key: "passwordFile", kind: .absolutePath, summary: "An absolute path to a file holding the Okta password."),
        Field(key: "passwordCredential", kind: .credentialName, summary: "A systemd credential holding the Okta password."),
        Field(key: "appId", kind: .text(maximumBytes: 255), summary: "The Okta application id."),
        Field(key: "idpHost", kind: .identityProviderHost, summary: "The Okta host name (https); http:// only on a loopback address."),
        Field(key: "role", kind: .text(maximumBytes: FieldRules.maximumLoginBytes), summary: "The role to assume."),
    ])

    static let dataSource = KeySchema(definition: "dataSource", location: "a data source", fields: [
        Field(key: "name", kind: .governanceName, summary: "The data source's name, used by policies."),
        Field(key: "table", kind: .tableReference, summary: "The source table: database.schema.table or schema.table."),
        Field(key: "schema", kind: .createdName, summary: "The schema of the governed view."),
        Field(key: "view", kind: .createdName, summary: "The governed view's name."),
        Field(key: "columns", kind: .namedMap(key: .catalogName, value: .list(.governanceName)), summary: "Tags per column, for masking by tag."),
    ])
    static let user = KeySchema(definition: "user", location: "a user", fields: [
        Field(key: "name", kind: .governanceName, summary: "The governance identity."),
        Field(key: "warehouseUser", kind: .catalogName, summary: "The warehouse login (default: the name)."),
        Field(key: "groups", kind: .list(.governanceName), summary: "The groups the user belongs to."),
        Field(key: "attributes", kind: .namedMap(key: .governanceName, value: .list(.governanceName)),
              summary: "Attribute values per attribute, for row filters."),
    ])
    static let policy = KeySchema(definition: "policy", location: "a policy", fields: [
        Field(key: "name", kind: .governanceName, summary: "The policy's name."),
        Field(key: "dataSources", kind: .list(.governanceName), summary: "The data sources it applies to (default: all)."),
        Field(key: "subscription", kind: .object(subscription), summary: "Who may query the data sources."),
        Field(key: "masking", kind: .object(masking), summary: "Which columns are masked, how, and for whom not."),
        Field(key: "rowFilter", kind: .object(rowFilter), summary: "Which rows each user sees."),
    ])
    static let subscription = KeySchema(definition: "subscription", location: "a subscription policy", fields: [
        Field(key: "groups", kind: .list(.governanceName), summary: "Groups who may query."),
        Field(key: "users", kind: .list(.governanceName), summary: "Users who may query."),
    ])
    static let masking = KeySchema(definition: "masking", location: "a masking policy", fields: [
        Field(key: "columns", kind: .list(.catalogName), summary: "Columns to mask."),
        Field(key: "tags", kind: .list(.governanceName), summary: "Mask every column with one of these tags."),
        Field(key: "method", kind: .choice(MaskingMethod.allCases.map(\.rawValue)), summary: "How values are masked."),
        Field(key: "constant", kind: .sqlText, summary: "The text shown instead (method constant)."),
        Field(key: "pattern", kind: .sqlText, summary: "A POSIX regular expression (method regex)."),
        Field(key: "replacement", kind: .sqlText, summary: "What matches of the pattern become (method regex)."),
        Field(key: "digits", kind: .integer(0...10), summary: "Decimal digits kept (method round)."),
        Field(key: "exceptGroups", kind: .list(.governanceName), summary: "Groups who see the values unmasked."),
    ])
    static let rowFilter = KeySchema(definition: "rowFilter", location: "a row filter policy", fields: [
        Field(key: "column", kind: .catalogName, summary: "The column compared."),
        Field(key: "matchesAttribute", kind: .governanceName, summary: "Rows whose column is one of the user's values of this attribute."),
        Field(key: "in", kind: .list(.governanceName), summary: "Rows whose column is one of these values."),
        Field(key: "exceptGroups", kind: .list(.governanceName), summary: "Groups who see every row."),
    ])

    static let all = [top, config, impersonation, okta, dataSource, user, policy, subscription, masking, rowFilter]

    /// Keys that `steward get` (and the product API's GET) print next to the spec.
    private static let responseKeys: Set = ["id", "status", "validationResults"]

    /// The message and fix for `key`, which is not one of `keys`: a near miss gets "did you
    /// mean", a key that belongs in another mapping says where, a key from a GET response says so.
    func adviceForUnknownKey(_ key: String) -> RuleViolation {
        if let suggestion = EditDistance.suggestion(for: key, among: keys) {
            return RuleViolation(message: "unknown key (did you mean \(suggestion)?)", fix: "rename it to \(suggestion)")
        }
        let homes = Self.all.filter { $0.location != location && $0.keys.contains(key) }.map(\.location)
        if !homes.isEmpty {
            let places = homes.joined(separator: " or ")
            return RuleViolation(message: "unknown key here (\(FieldPath.quoteIfNeeded(key)) belongs in \(places))",
                                 fix: "move it into \(places)")
        }
        if location == Self.top.location, Self.responseKeys.contains(key) {
            return RuleViolation(message: "unknown key (it is part of what steward get prints, not of a spec)",
                                 fix: "remove it")
        }
        return RuleViolation(message: "unknown key",
                             fix: "remove it; the keys allowed in \(location) are \(keys.joined(separator: ", "))")
    }
}
