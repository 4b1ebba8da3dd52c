/// What enforcement finds in the managed database, read as the system account.
package struct GovernanceObservation: Sendable, Hashable {
    package var profileTableExists: Bool
    package var viewsTableExists: Bool
    package var impersonationTableExists: Bool
    package var profileViewExists: Bool
    /// The impersonation function's recorded definition hash (nil: absent).
    package var impersonateFunctionHash: String?
    package var profileRows: [ProfileRow]
    /// Tracked objects by key (a data source's name, or `@impersonate`).
    package var tracked: [String: TrackedView]
    /// `schema.view` → the view's catalog hash now; absent when the view does not exist.
    package var liveViews: [String: String]
    /// Data source name → its table's columns in order; absent when the table does not exist.
    package var sourceColumns: [String: [SourceColumn]]
    /// Schemas that exist, among those views are published in.
    package var schemas: Set<String>

    package init(profileTableExists: Bool = false, viewsTableExists: Bool = false, impersonationTableExists: Bool = false,
                profileViewExists: Bool = false, impersonateFunctionHash: String? = nil, profileRows: [ProfileRow] = [],
                tracked: [String: TrackedView] = [:], liveViews: [String: String] = [:],
                sourceColumns: [String: [SourceColumn]] = [:], schemas: Set<String> = []) {
        self.profileTableExists = profileTableExists
        self.viewsTableExists = viewsTableExists
        self.impersonationTableExists = impersonationTableExists
        self.profileViewExists = profileViewExists
        self.impersonateFunctionHash = impersonateFunctionHash
        self.profileRows = profileRows
        self.tracked = tracked
        self.liveViews = liveViews
        self.sourceColumns = sourceColumns
        self.schemas = schemas
    }
}

/// A row of the tracking table: which view Steward made for a key, from what definition, and
/// what the catalog said it was right after (so a view replaced by hand is noticed).
package struct TrackedView: Sendable, Hashable {
    package var key: String
    package var schema: String
    package var name: String
    package var definitionHash: String
    package var catalogHash: String

    package init(key: String, schema: String, name: String, definitionHash: String, catalogHash: String) {
        self.key = key
        self.schema = schema
        self.name = name
        self.definitionHash = definitionHash
        self.catalogHash = catalogHash
    }

    package var qualifiedName: String { "\(schema).\(name)" }
}
