import Yams

extension SpecDecoder {
    /// `dataSources`, `users` and `policies`, each optional, then the checks across them.
    mutating func decodeGovernance(_ top: Fields, config: RedshiftConfig?) -> Governance {
        var governance = Governance()
        if let node = top["dataSources"], let list = reader.sequence(node, at: top.path.appending("dataSources"), expected: "a list of data sources",
                                                                      example: "dataSources: [{name: customers, table: public.customers}]") {
            governance.dataSources = list.enumerated().compactMap { decodeDataSource($1, at: top.path.appending("dataSources").appending(index: $0)) }
        }
        if let node = top["users"], let list = reader.sequence(node, at: top.path.appending("users"), expected: "a list of users",
                                                                example: "users: [{name: alice, groups: [analysts]}]") {
            governance.users = list.enumerated().compactMap { decodeUser($1, at: top.path.appending("users").appending(index: $0)) }
        }
        if let node = top["policies"], let list = reader.sequence(node, at: top.path.appending("policies"), expected: "a list of policies",
                                                                   example: "policies: [{name: analysts, subscription: {groups: [analysts]}}]") {
            governance.policies = list.enumerated().compactMap { decodePolicy($1, at: top.path.appending("policies").appending(index: $0)) }
        }
        checkReferences(governance, top: top, config: config)
        return governance
    }

    private mutating func name(_ fields: Fields, example: String) -> String? {
        guard let node = required(fields, "name", fix: "add a name, e.g. name: \(example)") else { return nil }
        return rule(node, at: fields.path.appending("name"), expected: "a name", example: "name: \(example)") {
            FieldRules.governanceName($0, key: "name")
        }
    }

    private mutating func names(_ fields: Fields, _ key: String, what: String, example: String) -> [String]? {
        guard let node = fields[key] else { return nil }
        return reader.strings(node, at: fields.path.appending(key), expected: what, example: "\(key): [\(example)]") {
            FieldRules.governanceName($0, key: what)
        }
    }

    private mutating func decodeDataSource(_ node: Node, at path: FieldPath) -> DataSource? {
        guard let fields = reader.fields(node, at: path, schema: .dataSource, expected: "a mapping with name and table") else { return nil }
        let name = name(fields, example: "customers")
        var table: TableReference?
        if let node = required(fields, "table", fix: "add the source table, e.g. table: sales.public.customers") {
            table = rule(node, at: path.appending("table"), expected: "database.schema.table or schema.table",
                         example: "table: sales.public.customers") { text in
                guard let parsed = TableReference(parsing: text) else {
                    return RuleViolation(message: "\(Quoted(text)) is not database.schema.table or schema.table",
                                         fix: "write it with dots, e.g. table: sales.public.customers")
                }
                return [parsed.database, parsed.schema, parsed.table].compactMap { $0 }
                    .lazy.compactMap { FieldRules.catalogName($0, key: "table") }.first
            }.flatMap(TableReference.init(parsing:))
        }
        var schema: String?
        var view: String?
        for key in ["schema", "view"] {
            guard let node = fields[key] else { continue }
            let value = rule(node, at: path.appending(key), expected: "a name", example: "\(key): governed") {
                FieldRules.createdName($0, key: key)
            }
            if key == "schema" { schema = value } else { view = value }
        }
        var columns: [String: [String]] = [:]
        if let node = fields["columns"], let entries = reader.namedEntries(node, at: path.appending("columns"), expected: "a mapping of column names to tags",
                                                                        example: "columns: {email: [pii]}", checkKey: { FieldRules.catalogName($0, key: "column") }) {
            for entry in entries {
                if let tags = reader.strings(entry.value, at: entry.path, expected: "tags", example: "\(entry.key): [pii]", check: {
                    FieldRules.governanceName($0, key: "tag")
                }) {
                    columns[entry.key] = tags
                }
            }
        }
        guard let name, let table else { return nil }
        return DataSource(name: name, table: table, schema: schema, view: view, columns: columns)
    }

    private mutating func decodeUser(_ node: Node, at path: FieldPath) -> MappedUser? {
        guard let fields = reader.fields(node, at: path, schema: .user, expected: "a mapping with name, groups and attributes") else { return nil }
        let name = name(fields, example: "alice")
        var warehouseUser: String?
        if let node = fields["warehouseUser"] {
            warehouseUser = rule(node, at: path.appending("warehouseUser"), expected: "a warehouse login", example: "warehouseUser: alice") {
                FieldRules.catalogName($0, key: "warehouseUser")
            }
        } else if let name, let violation = FieldRules.catalogName(name, key: "warehouseUser") {
            reader.report(path.appending("warehouseUser"), violation, at: fields.mark)
        }
        let groups = names(fields, "groups", what: "group", example: "analysts") ?? []
        var attributes: [String: [String]] = [:]
        if let node = fields["attributes"], let entries = reader.namedEntries(node, at: path.appending("attributes"), expected: "a mapping of attribute names to values",
                                                                           example: "attributes: {region: [EU]}", checkKey: { FieldRules.governanceName($0, key: "attribute") }) {
            for entry in entries {
                if let values = reader.strings(entry.value, at: entry.path, expected: "values", example: "\(entry.key): [EU]", check: {
                    FieldRules.governanceName($0, key: "attribute value")
                }) {
                    attributes[entry.key] = values
                }
            }
        }
        guard let name else { return nil }
        return MappedUser(name: name, warehouseUser: warehouseUser, groups: groups, attributes: attributes)
    }

    private mutating func decodePolicy(_ node: Node, at path: FieldPath) -> Policy? {
        guard let fields = reader.fields(node, at: path, schema: .policy, expected: "a mapping with name and one of subscription, masking, rowFilter") else { return nil }
        let name = name(fields, example: "analysts-read")
        let dataSources = names(fields, "dataSources", what: "data source", example: "customers")
        let kinds = ["subscription", "masking", "rowFilter"].filter { fields.has($0) }
        guard kinds.count == 1, let kind = kinds.first, let body = fields[kind] else {
            reader.report(path, kinds.isEmpty ? "has no rule" : "has \(kinds.joined(separator: " and ")); a policy has exactly one rule",
                          fix: "give exactly one of subscription, masking or rowFilter (write several policies for several rules)", at: fields.mark)
            return nil
        }
        var policy = name.map { Policy(name: $0, dataSources: dataSources) }
        switch kind {
        case "subscription":
            guard let rule = reader.fields(body, at: path.appending(kind), schema: .subscription, expected: "a mapping with groups and users") else { return nil }
            let groups = names(rule, "groups", what: "group", example: "analysts") ?? []
            let users = names(rule, "users", what: "user", example: "alice") ?? []
            if groups.isEmpty && users.isEmpty {
                reader.report(rule.path, "names nobody", fix: "list groups or users who may query the data sources", at: rule.mark)
            }
            policy?.subscription = Policy.Subscription(groups: groups, users: users)
        case "masking":
            policy?.masking = decodeMasking(body, at: path.appending(kind))
        default:
            policy?.rowFilter = decodeRowFilter(body, at: path.appending(kind))
        }
        guard let policy, policy.subscription != nil || policy.masking != nil || policy.rowFilter != nil else { return nil }
        return policy
    }

    private mutating func decodeMasking(_ node: Node, at path: FieldPath) -> Policy.Masking? {
        guard let fields = reader.fields(node, at: path, schema: .masking, expected: "a mapping with columns or tags and a method") else { return nil }
        let columns = fields["columns"].flatMap {
            reader.strings($0, at: path.appending("columns"), expected: "column", example: "columns: [email]") { FieldRules.catalogName($0, key: "column") }
        } ?? []
        let tags = names(fields, "tags", what: "tag", example: "pii") ?? []
        if columns.isEmpty && tags.isEmpty {
            reader.report(path, "masks nothing", fix: "add columns: [email] or tags: [pii]", at: fields.mark)
        }
        var method: MaskingMethod?
        if let node = required(fields, "method", fix: "add method: null, constant, hash, regex or round") {
            method = reader.choice(node, at: path.appending("method"), as: MaskingMethod.self)
        }
        var masking = method.map { Policy.Masking(columns: columns, tags: tags, method: $0) }
        let needs: [String] = switch method {
        case .constant: ["constant"]
        case .regex: ["pattern", "replacement"]
        case .round: ["digits"]
        default: []
        }
        for key in ["constant", "pattern", "replacement", "digits"] where fields.has(key) && !needs.contains(key) {
            reader.report(path.appending(key), "is not used with method \(method?.rawValue ?? "?")", fix: "remove \(key)", at: fields.keyMark(key))
        }
        for key in needs where !fields.has(key) {
            reader.report(path.appending(key), "required with method \(method?.rawValue ?? "")", fix: "add \(key)", at: fields.mark)
        }
        for key in ["constant", "pattern", "replacement"] where needs.contains(key) {
            guard let node = fields[key] else { continue }
            let value = rule(node, at: path.appending(key), expected: "text", example: "\(key): \"***\"") { FieldRules.sqlText($0, key: key) }
            switch key {
            case "constant": masking?.constant = value
            case "pattern": masking?.pattern = value
            default: masking?.replacement = value
            }
        }
        if needs.contains("digits"), let node = fields["digits"] {
            masking?.digits = reader.integer(node, at: path.appending("digits"), range: 0...10, example: "digits: 0")
        }
        masking?.exceptGroups = names(fields, "exceptGroups", what: "group", example: "admins") ?? []
        return masking
    }

    private mutating func decodeRowFilter(_ node: Node, at path: FieldPath) -> Policy.RowFilter? {
        guard let fields = reader.fields(node, at: path, schema: .rowFilter, expected: "a mapping with column and matchesAttribute or in") else { return nil }
        var column: String?
        if let node = required(fields, "column", fix: "add the column to filter on, e.g. column: region") {
            column = rule(node, at: path.appending("column"), expected: "a column", example: "column: region") { FieldRules.catalogName($0, key: "column") }
        }
        var attribute: String?
        if let node = fields["matchesAttribute"] {
            attribute = rule(node, at: path.appending("matchesAttribute"), expected: "an attribute", example: "matchesAttribute: region") {
                FieldRules.governanceName($0, key: "attribute")
            }
        }
        let values = names(fields, "in", what: "value", example: "EU")
        if fields.has("matchesAttribute") == fields.has("in") {
            reader.report(path, "needs exactly one of matchesAttribute and in",
                          fix: "write matchesAttribute: region (the user's values) or in: [EU, US] (fixed values)", at: fields.mark)
        }
        let except = names(fields, "exceptGroups", what: "group", example: "admins") ?? []
        guard let column, attribute != nil || values != nil else { return nil }
        return Policy.RowFilter(column: column, matchesAttribute: attribute, in: values, exceptGroups: except)
    }
}
