import Foundation
import StewardSpec
import StewardTestSupport
import StewardWarehouse
import Testing

/// Found by reasoning over the model-based test's generator (its data includes `|`): a row whose
/// filtered column holds the profile's delimiter (`EU|US`) passed an attribute filter for a user
/// whose values were EU and US, because the view looked for `|EU|US|` inside `|EU|US|`. The model
/// says such a value is no single attribute value, and the view now agrees.
@Suite struct DelimiterRowFilterTests {
    @Test func aValueHoldingTheDelimiterMatchesNoAttributeValue() async throws {
        let world = try await PolicyEnforcementTests.World()
        try await Catalog.execute(world.server, "INSERT INTO public.customers VALUES (4, 'Dan', 'dan@example.eu', 'EU|US', 1, 'h4')", database: world.database)
        let applied = try world.apply(world.spec(aliceRegion: "EU, US"))
        #expect(applied.view["status"] as? String == "enabled", "\(applied.view["lastError"] ?? applied.stderr)")
        let read = try await world.query(as: "alice", "SELECT id FROM governed.customers ORDER BY id").rows.map { $0[0] }
        #expect(read == ["1", "2", "3"], "not row 4 (region EU|US)")

        let alice = MappedUser(name: "alice", groups: ["analysts"], attributes: ["region": ["EU", "US"]])
        let filter = Policy(name: "own region", rowFilter: .init(column: "region", matchesAttribute: "region", exceptGroups: ["admins"]))
        let subscribe = Policy(name: "read", subscription: .init(groups: ["analysts"]))
        let model = AccessModel(Governance(dataSources: [DataSource(name: "customers", table: TableReference(schema: "public", table: "customers"))],
                                           users: [alice], policies: [subscribe, filter]))
        let access = try #require(model.access(for: alice).dataSource("customers"))
        #expect(!access.admits(["region": "EU|US"]) && access.admits(["region": "US"]))
        await world.cleanup()
    }
}
