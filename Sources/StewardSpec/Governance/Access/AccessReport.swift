/// The answer of `steward access` and `GET /integrations/{id}/access`: what each mapped user
/// (or one named user) reads through each data source's view, and why. Built from the spec
/// alone: the table's rows and full column list are not known, so filters are described, not
/// evaluated, and columns the spec does not name are raw.
package struct AccessReport: Sendable, Hashable, Codable {
    package var integration: String
    package var users: [UserAccess]

    package init(integration: String, users: [UserAccess]) {
        self.integration = integration
        self.users = users
    }

    /// Refusals: a data source the spec does not define.
    package struct Refusal: Error, Sendable, Hashable, CustomStringConvertible {
        package var message: String
        package var fix: String
        package var description: String { "\(message) — \(fix)" }
    }

    /// Every mapped user, or just `user` (a governance name or a login; a login no user maps to
    /// is answered too), limited to `dataSource` when given.
    package static func make(integration: String, governance: Governance, user: String? = nil,
                            dataSource: String? = nil) throws(Refusal) -> AccessReport {
        if let dataSource, !governance.dataSources.contains(where: { $0.name == dataSource }) {
            let known = governance.dataSources.map(\.name)
            throw Refusal(message: "integration \(integration) has no data source \(dataSource)",
                          fix: known.isEmpty ? "its spec defines no data sources" : "use one of: \(known.joined(separator: ", "))")
        }
        let model = AccessModel(governance)
        var users = user.map { [model.access(for: $0)] } ?? governance.users.map { model.access(for: $0) }
        if let dataSource {
            for index in users.indices { users[index].dataSources = users[index].dataSources.filter { $0.dataSource == dataSource } }
        }
        return AccessReport(integration: integration, users: users)
    }
}
