/// What one login reads through every data source's view.
package struct UserAccess: Sendable, Hashable, Codable {
    /// The governance name, or nil for a login no user maps to.
    package var user: String?
    package var warehouseUser: String
    package var groups: [String]
    package var attributes: [String: [String]]
    package var dataSources: [DataSourceAccess]

    package init(user: String?, warehouseUser: String, groups: [String], attributes: [String: [String]], dataSources: [DataSourceAccess]) {
        self.user = user
        self.warehouseUser = warehouseUser
        self.groups = groups
        self.attributes = attributes
        self.dataSources = dataSources
    }

    package func dataSource(_ name: String) -> DataSourceAccess? {
        dataSources.first { $0.dataSource == name }
    }
}
