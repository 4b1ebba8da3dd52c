import StewardSpec

extension ModelGenerator {
    /// Changes made by hand in the warehouse behind Steward's back, the kinds the routine check
    /// must find and repair: a view replaced or dropped, direct reads granted on a raw table,
    /// the system account's own read revoked, a user's profile rows rewritten (extra groups and
/// attribute values) or deleted. Returns the SQL and what it does.
    mutating func drift(_ governance: Governance, tables: [ModelTable], system: String) -> (sql: [String], what: String) {
        let source = pick(governance.dataSources)
        guard let table = tables.first(where: { $0.name == source.table.table }) else { return ([], "nothing") }
        let view = "\"\(source.schema)\".\"\(source.view)\""
        let profile = "immuta_system.steward_profile"
        switch Int.random(in: 0..<7, using: &random) {
        case 0:
            return (["DROP VIEW \(view)", "CREATE VIEW \(view) AS SELECT * FROM \(table.qualified)", "GRANT SELECT ON \(view) TO PUBLIC"],
                    "view \(view) replaced by one that shows everything")
        case 1:
            return (["DROP VIEW \(view)"], "view \(view) dropped")
        case 2:
            let login = pick(governance.users).warehouseUser
            return (["GRANT SELECT ON \(table.qualified) TO \"\(login)\""], "\(login) granted direct reads of \(table.qualified)")
        case 3:
            return (["GRANT SELECT ON \(table.qualified) TO PUBLIC"], "PUBLIC granted direct reads of \(table.qualified)")
        case 4:
            let login = pick(governance.users).warehouseUser
            return (["UPDATE \(profile) SET items = '|' || items WHERE user_name = '\(login)' AND kind = 'attribute'",
                     "DELETE FROM \(profile) WHERE user_name = '\(login)' AND (kind = 'groups' OR (kind = 'attribute' AND name = 'region'))",
                     "INSERT INTO \(profile) (user_name, kind, name, items) VALUES ('\(login)', 'groups', '', '|\(Self.groups.sorted().joined(separator: "|"))|')",
                     "INSERT INTO \(profile) (user_name, kind, name, items) VALUES "
                        + "('\(login)', 'attribute', 'region', '|\((Self.attributeValues["region"] ?? []).sorted().joined(separator: "|"))|')"],
                    "\(login)'s profile rewritten by hand: every group, every region")
        case 5:
            let login = pick(governance.users).warehouseUser
            return (["DELETE FROM \(profile) WHERE user_name = '\(login)'"], "\(login)'s profile rows deleted")
        default:
            return (["GRANT SELECT ON \(table.qualified) TO PUBLIC", "REVOKE SELECT ON \(table.qualified) FROM \"\(system)\""],
                    "the system account's own read of \(table.qualified) revoked while PUBLIC can read it")
        }
    }
}
