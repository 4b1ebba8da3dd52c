import Foundation
import Logging
import StewardSpec
import StewardTestSupport
import StewardWarehouse
import Testing

/// `Bootstrapper.applyProfile` against a real PostgreSQL: an edit of a mapped user's attributes
/// is one login as the system account and three round trips (read, write, read back), whatever
/// the number of data sources; without a profile table it declines, and the whole apply runs.
@Suite struct ProfileEditTests {
    let bootstrapper = Bootstrapper(logger: Logger(label: "test"))

    @Test func anAttributeChangeIsThreeRoundTripsAsTheSystemAccount() async throws {
        let server = try await TestPostgres.shared.start()
        let name = TestNames.unique("profile")
        let database = "db_\(name)"
        try await Catalog.execute(server, "CREATE DATABASE \"\(database)\"")
        var sources: [DataSource] = []
        for index in 0..<30 {
            try await Catalog.execute(server, "CREATE TABLE public.t\(index) (id integer, region text)", database: database)
            sources.append(DataSource(name: "t\(index)", table: TableReference(schema: "public", table: "t\(index)"), schema: "governed"))
        }
        var spec = TestSpecs.automatic(server, database: database)
        spec.config.existingDatabase = true
        func governance(_ region: String) -> Governance {
            Governance(dataSources: sources, users: [MappedUser(name: "alice_\(name)", groups: ["g"], attributes: ["region": [region]])],
                       policies: [Policy(name: "read", subscription: .init(groups: ["g"]))])
        }
        spec.governance = governance("EU")
        let uid = UUID().uuidString.lowercased()
        var input = BootstrapInputs.make(spec, name: name, uid: uid, privileged: server.password)
        let first = await bootstrapper.apply(input, journal: NoJournal())
        #expect(first.succeeded, "\(first.errorMessage ?? "")")
        input.systemUserPasswordIsNew = false

        input.spec.governance = governance("US")
        let trace = PGTrace()
        let edited = await PGTrace.$current.withValue(trace) { await bootstrapper.applyProfile(input, prior: first.validationResults.validationTests) }
        let outcome = try #require(edited)
        guard case .converged(let steps) = outcome.result else {
            Issue.record("did not converge: \(outcome.errorMessage ?? "")")
            return
        }
        #expect(steps.map(\.description) == ["Update attribute region of alice_\(name) in the profile"])
        #expect(trace.connections == [database])
        #expect(trace.exchanges.count == 3, "\(trace.exchanges.map { $0.statements.map { $0.prefix(60) } })")
        let row = try await Catalog.query(server, "SELECT items FROM immuta_system.steward_profile WHERE user_name = $1 AND kind = 'attribute'",
                                          ["alice_\(name)"], database: database)
        #expect(row.value("items")?.contains("US") == true)
        // The tests of the full apply stand; enforcement's says what happened.
        let names = outcome.validationResults.validationTests.map(\.name)
        #expect(names == first.validationResults.validationTests.map(\.name))
        // The same edit again: nothing to write, two reads.
        #expect(await bootstrapper.applyProfile(input, prior: []).map { outcome -> Int in
            if case .converged(let steps) = outcome.result { return steps.count }
            return -1
        } == 0)

        // No profile table (enforcement never ran, or was dropped): declined.
        try await Catalog.execute(server, "DROP TABLE immuta_system.steward_profile CASCADE", database: database)
        #expect(await bootstrapper.applyProfile(input, prior: []) == nil)

        let deletion = DeletionInput(integrationUID: uid, integrationName: name, privileged: server.parameters(), database: database,
                                     systemUser: "steward_\(name)", roles: [], ownedObjects: [])
        var single = deletion
        single.existingDatabase = true
        _ = await bootstrapper.delete(single, journal: NoJournal())
        try await Catalog.execute(server, "DROP DATABASE \"\(database)\" WITH (FORCE)")
    }
}
