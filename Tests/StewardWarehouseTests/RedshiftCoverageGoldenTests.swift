import StewardSpec
import StewardWarehouse
import Testing

/// Redshift texts beyond the first enforcement: the governance catalog reads, the source-table
/// grants query and steps, every masking method, profile updates and deletes, dropping the
/// impersonation procedure, recording a view's catalog hash. Pinned in
/// `Golden/governance-changes.redshift.sql` and `Golden/governance-catalog.redshift.sql`, which
/// `Deploy/dev/redshift-conformance.sh` checks against AWS's documentation.
@Suite struct RedshiftCoverageGoldenTests {
    @Test func governanceCatalogReads() throws {
        try GoldenFile.check(Self.catalogText(), against: "governance-catalog.redshift.sql")
    }

    static func catalogText() throws -> String {
        var text = GovernanceCatalog(dialect: .redshift).queryTexts(schemaCount: 2).map { "-- \($0.0)\n\($0.1);\n" }
        text.append("-- source-table grants\n\(SourceGrants.querySQL(.redshift, schemaCount: 1, tableCount: 2));\n")
        let sources = [DataSource(name: "customers", table: TableReference(schema: "public", table: "customers"), schema: "governed"),
                       DataSource(name: "orders", table: TableReference(schema: "sales", table: "orders"), schema: "governed", view: "order lines")]
        text.append("-- views read through as their owner, one chunk\n\(try ViewReadThrough.query(sources));\n")
        text.append("-- one view read through (to name a failing one)\n\(try ViewReadThrough.read(sources[1]));\n")
        return text.joined(separator: "\n")
    }

    @Test func changesAfterTheFirstEnforcement() throws {
        let steps = try Self.changesSteps()
        try GoldenFile.check(GovernanceGoldenTests.render(steps), against: "governance-changes.redshift.sql")
        #expect(!steps.contains { $0.statement.text.contains("PERFORM") || $0.statement.text.contains("pg_get_viewdef") })
    }

    static func changesSteps() throws -> [Step] {
        let columns = [SourceColumn(name: "id", type: "integer", isNumeric: true), SourceColumn(name: "email", type: "character varying(256)", isNumeric: false),
                       SourceColumn(name: "phone", type: "character varying(32)", isNumeric: false), SourceColumn(name: "name", type: "character varying(64)", isNumeric: false),
                       SourceColumn(name: "note", type: "character varying(64)", isNumeric: false), SourceColumn(name: "region", type: "character varying(8)", isNumeric: false)]
        let governance = Governance(
            dataSources: [DataSource(name: "customers", table: TableReference(schema: "public", table: "customers"), schema: "governed")],
            users: [MappedUser(name: "alice", groups: ["analysts"], attributes: ["region": ["EU"]])],
            policies: [
                Policy(name: "read", subscription: .init(groups: ["analysts"])),
                Policy(name: "n", masking: .init(columns: ["email"], method: .null)),
                Policy(name: "c", masking: .init(columns: ["phone"], method: .constant, constant: "hidden", exceptGroups: ["admins", "auditors"])),
                Policy(name: "r", masking: .init(columns: ["name"], method: .regex, pattern: "[[:alpha:]]", replacement: "x")),
                Policy(name: "h", masking: .init(columns: ["note"], method: .hash)),
                Policy(name: "f", rowFilter: .init(column: "region", in: ["EU"])),
            ])
        let planner = GovernancePlanner(dialect: RedshiftGovernance())
        var observed = GovernanceObservation(sourceColumns: ["customers": columns])
        observed.profileTableExists = true
        observed.viewsTableExists = true
        observed.impersonationTableExists = true
        observed.profileViewExists = true
        observed.schemas = ["governed"]
        // A profile row to update, one to delete; the impersonation procedure, now off.
        observed.profileRows = [ProfileRow(user: "alice", kind: .groups, key: "", value: "|old|"),
                                ProfileRow(user: "bob", kind: .groups, key: "", value: "|analysts|")]
        observed.tracked[GovernancePlanner.functionKey] = TrackedView(key: GovernancePlanner.functionKey, schema: "immuta_procedures",
                                                                      name: "impersonate_user", definitionHash: "f", catalogHash: "")
        observed.impersonateFunctionHash = "f"
        // A removed data source's view.
        observed.tracked["old"] = TrackedView(key: "old", schema: "governed", name: "old", definitionHash: "d", catalogHash: "c")
        var steps = try planner.plan(governance, impersonationRole: nil, managedDatabase: "sales", observed: observed)

        // The next read after creating the view: its catalog hash is recorded.
        let view = try planner.views(governance, observed: observed, managedDatabase: "sales")[0]
        observed.tracked = ["customers": TrackedView(key: "customers", schema: "governed", name: "customers", definitionHash: view.definitionHash, catalogHash: "")]
        observed.liveViews = ["governed.customers": "0123456789abcdef0123456789abcdef"]
        observed.impersonateFunctionHash = nil
        observed.profileRows = ProfileRow.desired(governance)
        let record = try planner.plan(governance, impersonationRole: nil, managedDatabase: "sales", observed: observed)
        #expect(record.count == 1 && record[0].description.hasPrefix(GovernancePlanner.recordStepPrefix))
        steps += record

        // Source-table grants as the setup makes them: a mapped user and PUBLIC read the table directly.
        steps += try SourceGrants.steps(governance, managedDatabase: "sales", systemUser: SQLIdentifier("steward_analytics"), observed: [
            "public.customers": SourceTableGrants(systemUserCanUseSchema: false, systemUserCanSelect: false, readers: ["", "alice"]),
        ])
        return steps
    }
}
