/// The keys allowed in each mapping of a spec, and advice for keys that are not.
struct KeySchema: Sendable {
    let location: String
    let keys: [String]

    static let top = KeySchema(location: "the top level", keys: [
        "type", "autoBootstrap", "config", "deletionPolicy", "dataSources", "users", "policies",
    ])
    static let config = KeySchema(location: "config", keys: [
        "host", "port", "database", "initialDatabase", "impersonation", "authenticationType",
        "username", "password", "passwordFile", "passwordCredential", "okta",
        "sslMode", "sslRootCert", "connectTimeout", "clusterIdentifier", "region", "existingDatabase",
    ])
    static let impersonation = KeySchema(location: "config.impersonation", keys: ["enabled", "role"])
    static let okta = KeySchema(location: "config.okta", keys: [
        "username", "password", "passwordFile", "passwordCredential", "appId", "idpHost", "role",
    ])

    static let dataSource = KeySchema(location: "a data source", keys: ["name", "table", "schema", "view", "columns"])
    static let user = KeySchema(location: "a user", keys: ["name", "warehouseUser", "groups", "attributes"])
    static let policy = KeySchema(location: "a policy", keys: ["name", "dataSources", "subscription", "masking", "rowFilter"])
    static let subscription = KeySchema(location: "a subscription policy", keys: ["groups", "users"])
    static let masking = KeySchema(location: "a masking policy", keys: [
        "columns", "tags", "method", "constant", "pattern", "replacement", "digits", "exceptGroups",
    ])
    static let rowFilter = KeySchema(location: "a row filter policy", keys: ["column", "matchesAttribute", "in", "exceptGroups"])

    private static let all = [top, config, impersonation, okta, dataSource, user, policy, subscription, masking, rowFilter]

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
