/// What enforcement finds in the managed database, read as the system account.
public struct GovernanceObservation: Sendable, Hashable {
    public var profileTableExists: Bool
    public var viewsTableExists: Bool
    public var impersonationTableExists: Bool
    public var profileViewExists: Bool
    /// The impersonation function's recorded definition hash (nil: absent).
    public var impersonateFunctionHash: String?
    public var profileRows: [ProfileRow]
    /// Tracked objects by key (a data source's name, or `@impersonate`).
    public var tracked: [String: TrackedView]
    /// `schema.view` → the view's catalog hash now; absent when the view does not exist.
    public var liveViews: [String: String]
    /// Data source name → its table's columns in order; absent when the table does not exist.
    public var sourceColumns: [String: [SourceColumn]]
    /// Schemas that exist, among those views are published in.
    public var schemas: Set<String>

    public init(profileTableExists: Bool = false, viewsTableExists: Bool = false, impersonationTableExists: Bool = false,
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
public struct TrackedView: Sendable, Hashable {
    public var key: String
    public var schema: String
    public var name: String
    public var definitionHash: String
    public var catalogHash: String

    public init(key: String, schema: String, name: String, definitionHash: String, catalogHash: String) {
        self.key = key
        self.schema = schema
        self.name = name
        self.definitionHash = definitionHash
        self.catalogHash = catalogHash
    }

    public var qualifiedName: String { "\(schema).\(name)" }
}
