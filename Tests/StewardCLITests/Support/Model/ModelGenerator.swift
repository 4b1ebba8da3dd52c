@testable import StewardSpec
import StewardTestSupport

/// Random tables and governance for the model-based test, always valid: masking and row
/// filters name only columns every table they cover has, `round` only numeric columns.
struct ModelGenerator {
    var random: SeededRandom
    /// The pool of warehouse logins (created once per run); a case maps some of them.
    let logins: [String]

    static let groups = ["analysts", "admins", "eu team", "ops"]
    static let attributeValues = ["region": ["EU", "US", "APAC", "eu"], "tier": ["gold", "silver", "Gold"]]
    static let tags = ["pii", "fin"]
    static let patterns = ["[[:digit:]]", "^[^@]+", "[aeiou]+", "E|U", "a*", "(EU|US)$", "[.]", "[[:upper:]][[:lower:]]?", "x{1,2}"]

    mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &random) < percent }
    mutating func pick<T>(_ values: [T]) -> T { values[Int.random(in: 0..<values.count, using: &random)] }
    mutating func subset<T>(_ values: [T], max: Int? = nil) -> [T] {
        let kept = values.filter { _ in Bool.random(using: &random) }
        return Array(kept.prefix(max ?? kept.count))
    }
    mutating func nonEmptySubset<T>(_ values: [T]) -> [T] {
        let kept = subset(values)
        return kept.isEmpty ? [pick(values)] : kept
    }

    mutating func tables(schema: String) -> [ModelTable] {
        (0..<Int.random(in: 1...3, using: &random)).map { index in
            var columns = [ModelTable.Column(name: "id", type: "integer")]
            // The attribute columns more often than the others: row filters need them.
            columns += ModelTable.pool.map(\.column).filter { chance(Self.attributeValues[$0.name] == nil ? 50 : 80) }
            if columns.count == 1 { columns.append(pick(ModelTable.pool).column) }
            let rows = (1...Int.random(in: 1...8, using: &random)).map { id in
                columns.map { column in column.name == "id" ? String(id) : pick(ModelTable.values(of: column.name)) }
            }
            var grants: [ModelTable.PreGrant] = []
            if chance(50) { grants.append(.toPublic) }
            if chance(30) { grants.append(.toLogin(Int.random(in: 0..<logins.count, using: &random))) }
            return ModelTable(schema: schema, name: "t\(index)", columns: columns, rows: rows, preGrants: grants)
        }
    }

    mutating func governance(for tables: [ModelTable]) -> Governance {
        var governance = Governance()
        for (index, table) in tables.enumerated() {
            var tags: [String: [String]] = [:]
            for column in table.columns where chance(35) { tags[column.name] = [pick(Self.tags)] }
            governance.dataSources.append(DataSource(name: "ds\(index)", table: TableReference(schema: table.schema, table: table.name),
                                                     schema: pick(["gov", "gov2"]), columns: tags))
        }
        for login in nonEmptySubset(Array(logins.indices)) { governance.users.append(user(login)) }
        for _ in 0..<(chance(10) ? 0 : Int.random(in: 1...3, using: &random)) { governance.policies.append(subscription(governance)) }
        for _ in 0..<Int.random(in: 0...3, using: &random) { governance.policies.append(masking(governance, tables: tables)) }
        for _ in 0..<Int.random(in: 0...2, using: &random) { governance.policies.append(rowFilter(governance, tables: tables)) }
        governance.policies.shuffle(using: &random)
        for index in governance.policies.indices { governance.policies[index].name = "p\(index) \(kind(governance.policies[index]))" }
        return governance
    }

    func kind(_ policy: Policy) -> String {
        policy.subscription != nil ? "subscribe" : policy.masking != nil ? "mask" : "filter"
    }

    mutating func user(_ login: Int) -> MappedUser {
        var attributes: [String: [String]] = [:]
        for (name, values) in Self.attributeValues.sorted(by: { $0.key < $1.key }) where chance(70) { attributes[name] = subset(values) }
        let name = chance(50) ? logins[login] : "user \(login)"
        return MappedUser(name: name, warehouseUser: logins[login], groups: subset(Self.groups), attributes: attributes)
    }

    mutating func scope(_ governance: Governance) -> [String]? {
        chance(50) ? nil : nonEmptySubset(governance.dataSources.map(\.name))
    }

    mutating func subscription(_ governance: Governance) -> Policy {
        var groups = subset(Self.groups)
        let users = subset(governance.users.map(\.name), max: 2)
        if groups.isEmpty && users.isEmpty { groups = [pick(Self.groups)] }
        return Policy(name: "", dataSources: scope(governance), subscription: .init(groups: groups, users: users))
    }

    /// The tables of the data sources `scope` covers, with their data sources.
    func covered(_ governance: Governance, scope: [String]?, tables: [ModelTable]) -> [(source: DataSource, table: ModelTable)] {
        governance.dataSources.filter { scope?.contains($0.name) ?? true }.compactMap { source in
            tables.first { $0.name == source.table.table }.map { (source, $0) }
        }
    }

    /// Columns every covered table has (same name and type).
    func common(_ governance: Governance, scope: [String]?, tables: [ModelTable]) -> [ModelTable.Column] {
        let covered = covered(governance, scope: scope, tables: tables).map(\.table)
        guard let first = covered.first else { return [] }
        return first.columns.filter { column in covered.allSatisfy { $0.columns.contains { $0.name == column.name && $0.type == column.type } } }
    }

    /// Every column carrying one of `tags` in a covered table, with its type.
    func tagged(_ governance: Governance, scope: [String]?, tags: [String], tables: [ModelTable]) -> [ModelTable.Column] {
        covered(governance, scope: scope, tables: tables).flatMap { source, table in
            table.columns.filter { column in source.columns[column.name]?.contains(where: tags.contains) ?? false }
        }
    }

    mutating func masking(_ governance: Governance, tables: [ModelTable]) -> Policy {
        let scope = scope(governance)
        var masking = Policy.Masking(method: .null, exceptGroups: subset(Self.groups, max: 2))
        let common = common(governance, scope: scope, tables: tables)
        let covered: [ModelTable.Column]
        if chance(50) || common.isEmpty {
            masking.tags = nonEmptySubset(Self.tags)
            covered = tagged(governance, scope: scope, tags: masking.tags, tables: tables)
        } else {
            let columns = nonEmptySubset(common)
            masking.columns = columns.map(\.name)
            covered = columns
        }
        method(&masking, numeric: covered.allSatisfy(\.numeric))
        return Policy(name: "", dataSources: scope, masking: masking)
    }

    mutating func method(_ masking: inout Policy.Masking, numeric: Bool) {
        masking.method = pick(numeric ? MaskingMethod.allCases : MaskingMethod.allCases.filter { $0 != .round })
        masking.constant = masking.method == .constant ? pick(["***", "hidden value", "0"]) : nil
        masking.pattern = masking.method == .regex ? pick(Self.patterns) : nil
        masking.replacement = masking.method == .regex ? pick(["#", "", "<x>"]) : nil
        masking.digits = masking.method == .round ? Int.random(in: 0...3, using: &random) : nil
    }

    mutating func rowFilter(_ governance: Governance, tables: [ModelTable]) -> Policy {
        var scope = scope(governance)
        var common = common(governance, scope: scope, tables: tables)
        if common.isEmpty {
            scope = [pick(governance.dataSources.map(\.name))]
            common = self.common(governance, scope: scope, tables: tables)
        }
        var column = pick(common).name
        let except = subset(Self.groups, max: 2)
        let filter: Policy.RowFilter
        if chance(50) {
            let attribute = pick(Self.attributeValues.keys.sorted())
            // Mostly the column of the same name, whose values are the attribute's (and its corners).
            if chance(75), common.contains(where: { $0.name == attribute }) { column = attribute }
            filter = .init(column: column, matchesAttribute: attribute, exceptGroups: except)
        } else {
            let known = ModelTable.values(of: column).compactMap { $0 }.filter { FieldRules.governanceName($0, key: "value") == nil }
            let values = nonEmptySubset(known.isEmpty ? ["1", "2", "3"] : known)
            filter = .init(column: column, in: values, exceptGroups: except)
        }
        return Policy(name: "", dataSources: scope, rowFilter: filter)
    }
}
