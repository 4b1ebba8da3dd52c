/// What one login reads through every data source's view.
public struct UserAccess: Sendable, Hashable, Codable {
    /// The governance name, or nil for a login no user maps to.
    public var user: String?
    public var warehouseUser: String
    public var groups: [String]
    public var attributes: [String: [String]]
    public var dataSources: [DataSourceAccess]

    public init(user: String?, warehouseUser: String, groups: [String], attributes: [String: [String]], dataSources: [DataSourceAccess]) {
        self.user = user
        self.warehouseUser = warehouseUser
        self.groups = groups
        self.attributes = attributes
        self.dataSources = dataSources
    }

    public func dataSource(_ name: String) -> DataSourceAccess? {
        dataSources.first { $0.dataSource == name }
    }
}
