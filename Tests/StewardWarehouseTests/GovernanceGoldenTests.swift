import StewardSpec
import StewardWarehouse
import Testing

/// Enforcement SQL: Redshift's is pinned by golden files (late binding, three-part names); the
/// PostgreSQL dialect's runs for real in the CLI tests. Also: hostile names stay inside quotes.
@Suite struct GovernanceGoldenTests {
    static let governance = Governance(
        dataSources: [
            DataSource(name: "customers", table: TableReference(database: "sales", schema: "public", table: "customers"),
                       columns: ["email": ["pii"]]),
            DataSource(name: "orders", table: TableReference(database: "sales", schema: "public", table: "orders"), schema: "governed"),
        ],
        users: [MappedUser(name: "alice", groups: ["analysts"], attributes: ["region": ["EU", "US"]])],
        policies: [
            Policy(name: "read", subscription: .init(groups: ["analysts"])),
            Policy(name: "pii", masking: .init(tags: ["pii"], method: .hash, exceptGroups: ["admins"])),
            Policy(name: "amounts", dataSources: ["orders"], masking: .init(columns: ["total"], method: .round, digits: 1)),
            Policy(name: "region", dataSources: ["customers"], rowFilter: .init(column: "region", matchesAttribute: "region", exceptGroups: ["admins"])),
            Policy(name: "open", dataSources: ["orders"], rowFilter: .init(column: "status", in: ["open", "paid"])),
        ])

    static let observed = GovernanceObservation(sourceColumns: [
        "customers": [SourceColumn(name: "id", type: "integer", isNumeric: true), SourceColumn(name: "email", type: "varchar(256)", isNumeric: false),
                      SourceColumn(name: "region", type: "varchar(8)", isNumeric: false)],
        "orders": [SourceColumn(name: "id", type: "integer", isNumeric: true), SourceColumn(name: "total", type: "numeric(12,2)", isNumeric: true),
                   SourceColumn(name: "status", type: "varchar(16)", isNumeric: false)],
    ])

    static func render(_ steps: [Step]) -> String {
        steps.map { step in
            var text = "-- \(step.description)\n"
            for (index, value) in step.statement.parameters.enumerated() { text += "-- $\(index + 1) = \(value ?? "NULL")\n" }
            return text + step.statement.text + ";\n"
        }.joined(separator: "\n")
    }

    static func redshiftEnforcementSteps() throws -> [Step] {
        try GovernancePlanner(dialect: RedshiftGovernance()).plan(
            Self.governance, impersonationRole: SQLIdentifier("immuta_impersonation"), managedDatabase: "immuta", observed: Self.observed)
    }

    @Test func redshiftEnforcementFromScratch() throws {
        let steps = try Self.redshiftEnforcementSteps()
        try GoldenFile.check(Self.render(steps), against: "governance.redshift.sql")
        let views = steps.map(\.statement.text).filter { $0.hasPrefix("CREATE VIEW \"public\"") || $0.hasPrefix("CREATE VIEW \"governed\"") }
        #expect(views.count == 2)
        for view in views {
            #expect(view.hasSuffix(" WITH NO SCHEMA BINDING"), "late-binding views on Redshift")
            #expect(view.contains("FROM \"sales\".\"public\"."), "three-part names across databases")
            #expect(!view.contains("security_barrier"))
        }
    }

    @Test func postgresqlRefusesCrossDatabaseTables() {
        #expect(throws: WarehouseError.self) {
            try GovernancePlanner(dialect: PostgreSQLGovernance()).plan(
                Self.governance, impersonationRole: nil, managedDatabase: "immuta", observed: Self.observed)
        }
    }

    @Test func aProfileChangeIsOneUpdate() throws {
        var observed = Self.observed
        observed.profileRows = ProfileRow.desired(Self.governance)
        var changed = Self.governance
        changed.users[0].attributes["region"] = ["EU"]
        let planner = GovernancePlanner(dialect: RedshiftGovernance())
        // With the views tracked as current, only the profile differs.
        let views = try planner.views(Self.governance, observed: observed, managedDatabase: "immuta")
        for view in views {
            observed.tracked[view.dataSource] = TrackedView(key: view.dataSource, schema: view.schema.name, name: view.name.name,
                                                            definitionHash: view.definitionHash, catalogHash: "h")
            observed.liveViews["\(view.schema.name).\(view.name.name)"] = "h"
        }
        observed.profileTableExists = true
        observed.viewsTableExists = true
        observed.impersonationTableExists = true
        observed.profileViewExists = true
        observed.schemas = ["public", "governed"]
        let steps = try planner.plan(changed, impersonationRole: nil, managedDatabase: "immuta", observed: observed)
        #expect(steps.map(\.statement.text) == [#"UPDATE "immuta_system"."steward_profile" SET items = $4 WHERE user_name = $1 AND kind = $2 AND name = $3"#])
        #expect(steps.first?.statement.parameters == ["alice", "attribute", "region", "|EU|"])
    }

    @Test func hostileNamesStayQuoted() throws {
        let column = "x\"; DROP TABLE t; --"
        let source = DataSource(name: "c", table: TableReference(schema: "s\"x", table: "t;y"), schema: "governed", columns: [column: ["pii"]])
        let policies = [Policy(name: "m", masking: .init(tags: ["pii"], method: .constant, constant: "it's"))]
        let view = try ViewDefinition.build(source, columns: [SourceColumn(name: column, type: "text", isNumeric: false)], policies: policies,
                                            managedDatabase: "db", dialect: PostgreSQLGovernance())
        #expect(view.sql.contains(#""x""; DROP TABLE t; --""#), "the column is one quoted identifier")
        #expect(view.sql.contains(#"FROM "s""x"."t;y" AS t"#))
        #expect(view.sql.contains("'it''s'"), "the constant is one literal")
        // A value that no literal may carry is refused, not escaped differently per engine.
        let bad = [Policy(name: "m", masking: .init(tags: ["pii"], method: .constant, constant: "a\\'; DROP TABLE t; --"))]
        #expect(throws: WarehouseError.self) {
            try ViewDefinition.build(source, columns: [SourceColumn(name: column, type: "text", isNumeric: false)], policies: bad,
                                     managedDatabase: "db", dialect: RedshiftGovernance())
        }
    }
}
