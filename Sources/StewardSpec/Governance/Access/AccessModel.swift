/// The reference answer to "what may this user see": from a spec's governance alone, for each
/// data source, whether a user may query it, which rows pass, and each column raw or masked, with
/// the deciding policy for every answer.
///
/// Pure and written from the documented policy semantics (README, `Policy`), independently of
/// the SQL the warehouse runs, so that tests can compare real logins against it and
/// `steward access` can explain it:
/// - subscribed when a subscription policy covering the data source names the user (by name)
///   or one of its groups; none means nobody;
/// - a row passes when it passes every row filter covering the data source (a filter does not
///   apply to members of its `exceptGroups`); NULL matches nothing;
/// - a column is masked by the first masking policy covering it by name or tag, unless the user
///   is in that policy's `exceptGroups` (later policies do not get a say);
/// - a login no user maps to reads no rows.
package struct AccessModel: Sendable {
    package let governance: Governance

    package init(_ governance: Governance) {
        self.governance = governance
    }

    /// The mapped user called `nameOrLogin`, by governance name first, then by warehouse login.
    package func user(_ nameOrLogin: String) -> MappedUser? {
        governance.users.first { $0.name == nameOrLogin } ?? governance.users.first { $0.warehouseUser == nameOrLogin }
    }

    /// What `nameOrLogin` reads; a login no user maps to gets an answer too (nothing).
    /// `tableColumns` gives each data source's columns in table order, by data source name.
    package func access(for nameOrLogin: String, tableColumns: [String: [String]] = [:]) -> UserAccess {
        if let user = user(nameOrLogin) { return access(for: user, tableColumns: tableColumns) }
        let sources = governance.dataSources.map { source in
            DataSourceAccess(dataSource: source.name, view: "\(source.schema).\(source.view)",
                             subscription: SubscriptionDecision(subscribed: false, policy: nil,
                                                                reason: "\(nameOrLogin) is not a mapped user: the view shows it no rows"),
                             rowFilters: [], columns: [], columnsComplete: false)
        }
        return UserAccess(user: nil, warehouseUser: nameOrLogin, groups: [], attributes: [:], dataSources: sources)
    }

    package func access(for user: MappedUser, tableColumns: [String: [String]] = [:]) -> UserAccess {
        let sources = governance.dataSources.map { source in
            let policies = governance.policies.filter { $0.applies(to: source.name) }
            let filters = policies.compactMap { policy in policy.rowFilter.map { RowFilterAccess(policy, filter: $0, user: user) } }
            let columns = tableColumns[source.name] ?? Self.namedColumns(source, policies: policies)
            return DataSourceAccess(
                dataSource: source.name, view: "\(source.schema).\(source.view)",
                subscription: SubscriptionDecision.decide(user, dataSource: source.name, policies: policies),
                rowFilters: filters,
                columns: columns.map { ColumnAccess.decide($0, tags: source.columns[$0] ?? [], user: user, policies: policies) },
                columnsComplete: tableColumns[source.name] != nil)
        }
        return UserAccess(user: user.name, warehouseUser: user.warehouseUser, groups: user.groups, attributes: user.attributes,
                          dataSources: sources)
    }

    /// The columns a spec mentions for a data source (tagged, masked by name, filtered on), sorted.
    static func namedColumns(_ source: DataSource, policies: [Policy]) -> [String] {
        var names = Set(source.columns.keys)
        for policy in policies {
            names.formUnion(policy.masking?.columns ?? [])
            if let filter = policy.rowFilter { names.insert(filter.column) }
        }
        return names.sorted()
    }
}
