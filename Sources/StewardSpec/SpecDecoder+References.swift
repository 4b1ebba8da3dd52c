extension SpecDecoder {
    /// Checks across data sources, users and policies: unique names, references that resolve,
    /// and views that do not collide (with each other, or with their table in single-database mode).
    mutating func checkReferences(_ governance: Governance, top: Fields, config: RedshiftConfig?) {
        let sources = Set(governance.dataSources.map(\.name))
        let users = Set(governance.users.map(\.name))
        reportDuplicates(governance.dataSources.map(\.name), list: "dataSources", top: top)
        reportDuplicates(governance.users.map(\.name), list: "users", top: top)
        reportDuplicates(governance.users.map(\.warehouseUser), list: "users", field: "warehouseUser", top: top)
        reportDuplicates(governance.policies.map(\.name), list: "policies", top: top)
        reportDuplicates(governance.dataSources.map { "\($0.schema).\($0.view)" }, list: "dataSources", field: "schema and view", top: top)

        for (index, source) in governance.dataSources.enumerated() {
            let path = top.path.appending("dataSources").appending(index: index)
            if config?.existingDatabase == true {
                if let database = source.table.database, database != config?.database {
                    reader.report(path.appending("table"), "names database \(database), but existingDatabase: true keeps views in \(config?.database ?? "")",
                                  fix: "write the table as schema.table in \(config?.database ?? "the managed database"), or turn existingDatabase off", at: top.mark)
                }
                if source.schema == source.table.schema && source.view == source.table.table {
                    reader.report(path.appending("schema"), "the view would replace its own table \(source.table.schema).\(source.table.table)",
                                  fix: "publish it in another schema, e.g. schema: governed", at: top.mark)
                }
            }
        }
        for (index, policy) in governance.policies.enumerated() {
            let path = top.path.appending("policies").appending(index: index)
            for name in policy.dataSources ?? [] where !sources.contains(name) {
                reader.report(path.appending("dataSources"), "names data source \(Quoted(name)), which dataSources does not define",
                              fix: "add it to dataSources or remove it here", at: top.mark)
            }
            for name in policy.subscription?.users ?? [] where !users.contains(name) {
                reader.report(path.appending("subscription").appending("users"), "names user \(Quoted(name)), which users does not define",
                              fix: "add it to users or remove it here", at: top.mark)
            }
        }
    }

    private mutating func reportDuplicates(_ values: [String], list: String, field: String = "name", top: Fields) {
        var seen: Set<String> = []
        for (index, value) in values.enumerated() where !seen.insert(value).inserted {
            reader.report(top.path.appending(list).appending(index: index), "\(field) \(Quoted(value)) is used twice",
                          fix: "give each entry of \(list) its own \(field)", at: top.mark)
        }
    }
}
