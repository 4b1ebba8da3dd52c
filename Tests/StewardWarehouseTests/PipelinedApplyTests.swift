import Foundation
import Logging
import StewardSpec
import StewardTestSupport
import StewardWarehouse
import Testing

/// A governance plan goes to the server as one pipeline (`BEGIN` … `COMMIT`): when a statement in
/// the middle of it fails, the statements before it are rolled back with it, the warehouse is as
/// before, and the next apply, once the obstacle is gone, converges.
@Suite struct PipelinedApplyTests {
    let bootstrapper = Bootstrapper(logger: Logger(label: "test"))

    @Test func aPlanThatFailsMidwayLeavesNothingAndTheNextApplyConverges() async throws {
        let server = try await TestPostgres.shared.start()
        let name = TestNames.unique("midway")
        let database = "db_\(name)"
        try await Catalog.execute(server, "CREATE DATABASE \"\(database)\"")
        for statement in ["CREATE TABLE public.t (id integer, secret text)", "CREATE TABLE public.u (id integer, note text)",
                          "INSERT INTO public.t VALUES (1, 'x')", "INSERT INTO public.u VALUES (2, 'y')"] {
            try await Catalog.execute(server, statement, database: database)
        }
        var spec = TestSpecs.automatic(server, database: database)
        spec.config.existingDatabase = true
        let t = DataSource(name: "t", table: TableReference(schema: "public", table: "t"), schema: "governed", columns: ["secret": ["pii"]])
        spec.governance = Governance(dataSources: [t], users: [MappedUser(name: "first_\(name)", groups: ["g"])],
                                     policies: [Policy(name: "read", subscription: .init(groups: ["g"])),
                                                Policy(name: "mask", masking: .init(tags: ["pii"], method: .null))])
        let uid = UUID().uuidString.lowercased()
        let input = BootstrapInputs.make(spec, name: name, uid: uid, privileged: server.password)
        let first = await bootstrapper.apply(input, journal: NoJournal())
        #expect(first.succeeded, "\(first.errorMessage ?? "")")

        // The edit adds a user (profile rows) and two data sources: the view of the first is
        // created, the view name of the second is taken by a table the system account does not
        // own, so the plan fails there, after statements that succeeded.
        let systemUser = "steward_\(name)"
        try await Catalog.execute(server, "CREATE TABLE governed.u (taken integer)", database: database)
        let before = try await Self.state(server, database)
        var edited = spec
        edited.governance.users.append(MappedUser(name: "second_\(name)", groups: ["g"]))
        edited.governance.dataSources.append(DataSource(name: "a", table: TableReference(schema: "public", table: "t"), schema: "governed", view: "a"))
        edited.governance.dataSources.append(DataSource(name: "u", table: TableReference(schema: "public", table: "u"), schema: "governed"))
        var again = input
        again.spec = edited
        again.systemUserPasswordIsNew = false
        let trace = PGTrace()
        let failed = await PGTrace.$current.withValue(trace) { await bootstrapper.apply(again, journal: NoJournal()) }
        #expect(!failed.succeeded)
        #expect(failed.errorMessage?.contains("governed") == true, "the error names the view: \(failed.errorMessage ?? "")")
        let after = try await Self.state(server, database)
        #expect(after == before, "nothing of the failed plan stayed: \(Set(after).symmetricDifference(before).sorted())")

        // The plan went out as one exchange, BEGIN to COMMIT, with statements before the one
        // that failed; the rollback followed it.
        let exchanges = trace.exchanges.filter { $0.database == database }
        let planIndex = try #require(exchanges.lastIndex { $0.statements.count > 2 && $0.statements.first == "BEGIN" })
        let plan = exchanges[planIndex].statements
        #expect(plan.last == "COMMIT")
        let failing = try #require(plan.firstIndex { $0.contains("\"governed\".\"u\"") })
        #expect(plan[1..<failing].contains { $0.hasPrefix("CREATE VIEW \"governed\".\"a\"") }, "view a is created before the failing statement: \(plan)")
        #expect(failing < plan.count - 2)
        #expect(exchanges.dropFirst(planIndex + 1).first?.statements == ["ROLLBACK"])

        // Without the obstacle the same edit converges, and a second apply has nothing to do.
        try await Catalog.execute(server, "DROP TABLE governed.u", database: database)
        let repaired = await bootstrapper.apply(again, journal: NoJournal())
        #expect(repaired.succeeded, "\(repaired.errorMessage ?? "")")
        #expect(try await !Catalog.query(server, "SELECT 1 FROM pg_views WHERE schemaname = 'governed' AND viewname = 'u'", database: database).isEmpty)
        let profile = try await Catalog.query(server, "SELECT count(*) AS n FROM immuta_system.steward_profile WHERE user_name = $1",
                                              ["second_\(name)"], database: database)
        #expect(profile.value("n") != "0")
        let settled = await bootstrapper.apply(again, journal: NoJournal())
        guard case .converged(let steps) = settled.result else {
            Issue.record("did not converge: \(settled.errorMessage ?? "")")
            return
        }
        #expect(steps.isEmpty, "\(steps.map(\.description))")

        let deletion = DeletionInput(integrationUID: uid, integrationName: name, privileged: server.parameters(), database: database,
                                     systemUser: systemUser, roles: [], ownedObjects: [])
        var single = deletion
        single.existingDatabase = true
        _ = await bootstrapper.delete(single, journal: NoJournal())
        try await Catalog.execute(server, "DROP DATABASE \"\(database)\" WITH (FORCE)")
    }

    /// What a governance plan changes: the relations of the view and system schemas with their
    /// owners and ACLs, and every row of Steward's tables. (The source-table grants go in a
    /// transaction of their own before the plan.)
    static func state(_ server: TestPostgres.Server, _ database: String) async throws -> [String] {
        var lines = try await SingleDatabaseTests.snapshot(server, database).filter {
            $0.hasPrefix("relation governed.") || $0.hasPrefix("relation immuta_")
        }
        for table in ["steward_profile", "steward_views"] {
            let rows = try await Catalog.query(server, "SELECT t::text AS line FROM immuta_system.\(table) t ORDER BY 1", database: database)
            lines += rows.rows.map { "\(table) \($0.first.flatMap { $0 } ?? "")" }
        }
        return lines
    }
}
