/// The fixed names of what enforcement creates in the managed database, all owned by the
/// system account. Constants, valid by inspection (the `try!` cannot fail).
package enum GovernanceObjects {
    package static let systemSchema = try! SQLIdentifier("immuta_system") // constant, valid by inspection
    package static let proceduresSchema = try! SQLIdentifier("immuta_procedures") // constant, valid by inspection
    /// One row per (user, kind, key): the user's groups, subscriptions and attribute values.
    package static let profileTable = try! SQLIdentifier("steward_profile") // constant, valid by inspection
    /// The querying user's rows of the profile (impersonation applied).
    package static let profileView = try! SQLIdentifier("my_profile") // constant, valid by inspection
    /// The published views and the hashes that tell whether each is current.
    package static let viewsTable = try! SQLIdentifier("steward_views") // constant, valid by inspection
    /// Sessions that impersonate another user.
    package static let impersonationTable = try! SQLIdentifier("steward_impersonation") // constant, valid by inspection
    /// `immuta_procedures.impersonate_user(name)`; `NULL` stops impersonating.
    package static let impersonateFunction = try! SQLIdentifier("impersonate_user") // constant, valid by inspection

    static func qualified(_ schema: SQLIdentifier, _ name: SQLIdentifier) -> String { "\(schema.quoted).\(name.quoted)" }

    package static var profile: String { qualified(systemSchema, profileTable) }
    package static var myProfile: String { qualified(systemSchema, profileView) }
    package static var views: String { qualified(systemSchema, viewsTable) }
    package static var impersonation: String { qualified(systemSchema, impersonationTable) }
    package static var impersonate: String { qualified(proceduresSchema, impersonateFunction) }

    /// The delimiter of list values in the profile (`|analysts|eu|`); names cannot contain it.
    package static let delimiter = "|"
}
