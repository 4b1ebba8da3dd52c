import StewardSpec

/// `steward access` as text: one block per user, one per data source, a line per answer.
enum AccessText {
    static func render(_ report: AccessReport) -> String {
        if report.users.isEmpty { return "\(report.integration): no mapped users\n" }
        var out = ""
        for user in report.users {
            out += heading(user) + "\n"
            if user.dataSources.isEmpty { out += "  no data sources\n" }
            for source in user.dataSources {
                out += "  \(source.dataSource) (\(source.view)): "
                guard source.subscription.subscribed else {
                    out += "no rows — \(source.subscription.reason)\n"
                    continue
                }
                out += "subscribed — \(source.subscription.reason)\n"
                out += source.rowFilters.isEmpty ? "    rows: all (no row filter covers it)\n"
                    : source.rowFilters.map { "    rows: \($0.reason)\n" }.joined()
                for column in source.columns {
                    out += "    \(column.column): \(column.method.map { "masked (\($0.rawValue))" } ?? "raw") — \(column.reason)\n"
                }
                out += source.columns.isEmpty ? "    columns: all raw (no masking policy covers any)\n" : "    every other column: raw\n"
            }
        }
        return out
    }

    static func heading(_ user: UserAccess) -> String {
        guard let name = user.user else { return "\(user.warehouseUser) (not a mapped user)" }
        var facts = ["login \(user.warehouseUser)", "groups: \(user.groups.isEmpty ? "none" : user.groups.joined(separator: ", "))"]
        for (attribute, values) in user.attributes.sorted(by: { $0.key < $1.key }) {
            facts.append("\(attribute): \(values.joined(separator: ", "))")
        }
        return "\(name) (\(facts.joined(separator: "; ")))"
    }
}
