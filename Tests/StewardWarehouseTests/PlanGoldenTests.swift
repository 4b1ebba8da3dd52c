import StewardSpec
import StewardWarehouse
import Testing

/// Redshift SQL cannot run here: every statement the Redshift dialect produces is pinned by a
/// golden file, checked by hand against the notes on Redshift syntax. PostgreSQL's are pinned too
/// and also executed for real by the bootstrap tests.
@Suite struct PlanGoldenTests {
    static func desired(impersonation: Bool = true, rolesToRemove: [String] = []) throws -> DesiredState {
        try DesiredState(
            integrationUID: "00000000-0000-4000-8000-000000000001", integrationName: "analytics",
            database: SQLIdentifier("immuta"), systemUser: SQLIdentifier("steward_analytics"),
            systemUserVerifier: Secret("md5d41d8cd98f00b204e9800998ecf8427e"),
            impersonationRole: impersonation ? SQLIdentifier("immuta_impersonation") : nil,
            rolesToRemove: rolesToRemove.map(SQLIdentifier.init))
    }

    static let emptyServer = ServerObservation(
        currentUser: "admin", isSuperuser: true, canCreateDatabases: true, canCreateUsers: true, database: nil,
        systemUserExists: false, existingRoles: [], rolesAdministeredBySystemUser: [])

    static func render(_ steps: [Step]) -> String {
        steps.map { step in
            var text = "-- \(step.description) [\(step.target.rawValue)]\n"
            for (index, value) in step.statement.parameters.enumerated() {
                text += "-- $\(index + 1) = \(value ?? "NULL")\n"
            }
            return text + step.statement.redactedText + ";\n"
        }.joined(separator: "\n")
    }

    static func bootstrapSteps(_ kind: DialectKind) throws -> [Step] {
        try Planner(dialect: kind.dialect).plan(desired: Self.desired(), observed: ObservedState(server: Self.emptyServer, managed: nil)).steps
    }

    @Test(arguments: DialectKind.allCases)
    func freshBootstrap(kind: DialectKind) throws {
        let steps = try Self.bootstrapSteps(kind)
        try GoldenFile.check(Self.render(steps), against: "bootstrap.\(kind.rawValue).sql")
        #expect(!steps.contains { $0.statement.redactedText.contains("md5d41d8") }, "the verifier must not appear in redacted text")
    }

    @Test(arguments: DialectKind.allCases)
    func driftRepair(kind: DialectKind) throws {
        try GoldenFile.check(Self.render(Self.driftSteps(kind)), against: "drift.\(kind.rawValue).sql")
    }

    static func driftSteps(_ kind: DialectKind) throws -> [Step] {
        let dialect = kind.dialect
        let server = ServerObservation(
            currentUser: "admin", isSuperuser: true, canCreateDatabases: true, canCreateUsers: true,
            database: DatabaseObservation(name: "immuta", owner: "admin", acl: [
                ACLItem(grantee: "", privileges: dialect.publicDatabasePrivileges.union(["C"]), grantor: "admin"),
            ]),
            systemUserExists: true, existingRoles: ["old_role"], rolesAdministeredBySystemUser: [])
        let managed = ManagedDatabaseObservation(
            schemas: [
                "immuta_system": SchemaObservation(name: "immuta_system", owner: "steward_analytics",
                                                   acl: [ACLItem(grantee: "", privileges: ["U"], grantor: "steward_analytics")]),
                "immuta_functions": SchemaObservation(name: "immuta_functions", owner: "admin", acl: nil),
            ],
            markerTableExists: true, markers: [], systemUserCanReadMarker: true)
        return try Planner(dialect: dialect).plan(desired: Self.desired(rolesToRemove: ["old_role"]),
                                                  observed: ObservedState(server: server, managed: managed)).steps
    }

    static func deletionSteps(_ kind: DialectKind) throws -> [Step] {
        Planner(dialect: kind.dialect).deletionSteps(
            database: try SQLIdentifier("immuta"), systemUser: try SQLIdentifier("steward_analytics"),
            roles: [try SQLIdentifier("immuta_impersonation")])
    }

    @Test(arguments: DialectKind.allCases)
    func deletion(kind: DialectKind) throws {
        try GoldenFile.check(Self.render(Self.deletionSteps(kind)), against: "delete.\(kind.rawValue).sql")
    }

    /// Single-database mode (`existingDatabase: true`): the database stays, what the system
    /// account owns and holds in it goes — as the catalog showed it: Steward's schemas and a
    /// schema it made to publish in, a view it published in a source's schema, and its grants on
    /// the source tables and their schemas.
    @Test func redshiftDeletionInAnExistingDatabase() throws {
        try GoldenFile.check(Self.existingDatabaseDeletionText(), against: "delete.existing.redshift.sql")
    }

    static func existingDatabaseDeletionText() throws -> String {
        func relation(_ schema: String, _ name: String, view: Bool) throws -> SystemUserFootprint.Relation {
            SystemUserFootprint.Relation(schema: try SQLIdentifier(schema), name: try SQLIdentifier(name), isView: view)
        }
        let footprint = SystemUserFootprint(
            ownedSchemas: Set(try (ManagedSchemas.names + ["governed"]).map(SQLIdentifier.init)),
            ownedRelations: [try relation("governed", "orders", view: true), try relation("public", "customers_governed", view: true)],
            grantedRelations: [try relation("public", "customers", view: false), try relation("sales", "orders", view: false)],
            grantedSchemas: [try SQLIdentifier("public"), try SQLIdentifier("sales")])
        let steps = Planner(dialect: RedshiftDialect()).deletionSteps(
            database: nil, systemUser: try SQLIdentifier("steward_analytics"),
            roles: [try SQLIdentifier("immuta_impersonation")], existingDatabase: try SQLIdentifier("sales"), footprint: footprint)
        var text = Self.render(steps)
        text += "\n-- the catalog reads that find the footprint [managedDatabase]\n"
        text += SystemUserFootprint.queryTexts.map { "-- \($0.0)\n\($0.1);\n" }.joined(separator: "\n")
        return text
    }

    @Test func redshiftSessionTexts() throws {
        try GoldenFile.check(Self.sessionText(), against: "session.redshift.sql")
    }

    static func sessionText() -> String {
        SessionSQL.queryTexts.map { "-- \($0.0)\n\($0.1);\n" }.joined(separator: "\n")
    }

    @Test func redshiftCatalogQueries() throws {
        let text = RedshiftCatalog.queryTexts.map { "-- \($0.0)\n\($0.1);\n" }.joined(separator: "\n")
        try GoldenFile.check(text, against: "catalog.redshift.sql")
    }

    @Test func converged() throws {
        let dialect = PostgreSQLDialect()
        let desired = try Self.desired(impersonation: false)
        let server = ServerObservation(
            currentUser: "admin", isSuperuser: true, canCreateDatabases: true, canCreateUsers: true,
            database: DatabaseObservation(name: "immuta", owner: "admin", acl: [
                ACLItem(grantee: "", privileges: ["T", "c"], grantor: "admin"),
                ACLItem(grantee: "steward_analytics", privileges: ["C", "T", "c"], grantor: "admin"),
            ]),
            systemUserExists: true, existingRoles: [], rolesAdministeredBySystemUser: [])
        var schemas: [String: SchemaObservation] = [:]
        for name in ManagedSchemas.names {
            schemas[name] = SchemaObservation(name: name, owner: "steward_analytics", acl: [ACLItem(grantee: "", privileges: ["U"], grantor: "x")])
        }
        let managed = ManagedDatabaseObservation(schemas: schemas, markerTableExists: true, markers: [desired.marker], systemUserCanReadMarker: true)
        let plan = try Planner(dialect: dialect).plan(desired: desired, observed: ObservedState(server: server, managed: managed))
        #expect(plan.isEmpty, "a converged warehouse needs no steps, got \(plan.steps.map(\.description))")
    }

    @Test(arguments: [
        ("PostgreSQL 8.0.2 on i686-pc-linux-gnu, compiled by GCC gcc (GCC) 3.4.2 20041017 (Red Hat 3.4.2-6.fc3), Redshift 1.0.77467", DialectKind.redshift),
        ("PostgreSQL 15.18 (Debian 15.18-0+deb12u1) on x86_64-pc-linux-gnu, compiled by gcc", DialectKind.postgresql),
    ])
    func detectsDialect(version: String, expected: DialectKind) {
        #expect(DialectKind.detect(fromVersion: version) == expected)
    }
}
