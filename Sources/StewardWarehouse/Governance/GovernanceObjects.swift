/// The fixed names of what enforcement creates in the managed database, all owned by the
/// system account. Constants, valid by inspection (the `try!` cannot fail).
public enum GovernanceObjects {
    public static let systemSchema = try! SQLIdentifier("immuta_system") // constant, valid by inspection
    public static let proceduresSchema = try! SQLIdentifier("immuta_procedures") // constant, valid by inspection
    /// One row per (user, kind, key): the user's groups, subscriptions and attribute values.
    public static let profileTable = try! SQLIdentifier("steward_profile") // constant, valid by inspection
    /// The querying user's rows of the profile (impersonation applied).
    public static let profileView = try! SQLIdentifier("my_profile") // constant, valid by inspection
    /// The published views and the hashes that tell whether each is current.
    public static let viewsTable = try! SQLIdentifier("steward_views") // constant, valid by inspection
    /// Sessions that impersonate another user.
    public static let impersonationTable = try! SQLIdentifier("steward_impersonation") // constant, valid by inspection
    /// `immuta_procedures.impersonate_user(name)`; `NULL` stops impersonating.
    public static let impersonateFunction = try! SQLIdentifier("impersonate_user") // constant, valid by inspection

    static func qualified(_ schema: SQLIdentifier, _ name: SQLIdentifier) -> String { "\(schema.quoted).\(name.quoted)" }

    public static var profile: String { qualified(systemSchema, profileTable) }
    public static var myProfile: String { qualified(systemSchema, profileView) }
    public static var views: String { qualified(systemSchema, viewsTable) }
    public static var impersonation: String { qualified(systemSchema, impersonationTable) }
    public static var impersonate: String { qualified(proceduresSchema, impersonateFunction) }

    /// The delimiter of list values in the profile (`|analysts|eu|`); names cannot contain it.
    public static let delimiter = "|"
}
