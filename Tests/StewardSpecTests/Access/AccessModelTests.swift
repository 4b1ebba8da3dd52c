import StewardSpec
import Testing

/// The reference model on the README's policy example and on the rules' corners, without I/O.
@Suite struct AccessModelTests {
    static let governance = Governance(
        dataSources: [
            DataSource(name: "customers", table: TableReference(schema: "public", table: "customers"), schema: "governed", columns: ["email": ["pii"]]),
            DataSource(name: "orders", table: TableReference(schema: "public", table: "orders")),
        ],
        users: [
            MappedUser(name: "alice", warehouseUser: "alice_w", groups: ["analysts"], attributes: ["region": ["EU"]]),
            MappedUser(name: "bob", groups: ["analysts"]),
            MappedUser(name: "carol", groups: ["visitors"]),
            MappedUser(name: "dave", groups: ["admins"]),
        ],
        policies: [
            Policy(name: "analysts read", subscription: .init(groups: ["analysts", "admins"])),
            Policy(name: "carol reads orders", dataSources: ["orders"], subscription: .init(users: ["carol"])),
            Policy(name: "mask pii", masking: .init(tags: ["pii"], method: .hash, exceptGroups: ["admins"])),
            Policy(name: "null email", masking: .init(columns: ["email"], method: .null)),
            Policy(name: "round amounts", dataSources: ["customers"], masking: .init(columns: ["amount"], method: .round, digits: 0)),
            Policy(name: "own region", dataSources: ["customers"],
                   rowFilter: .init(column: "region", matchesAttribute: "region", exceptGroups: ["admins"])),
            Policy(name: "not test rows", dataSources: ["customers"], rowFilter: .init(column: "kind", in: ["real"])),
        ])
    static let model = AccessModel(governance)
    static let columns = ["customers": ["id", "email", "region", "kind", "amount"]]
    static let rows: [[String: String?]] = [
        ["id": "1", "email": "ann@example.eu", "region": "EU", "kind": "real", "amount": "10.49"],
        ["id": "2", "email": nil, "region": "US", "kind": "real", "amount": "20.51"],
        ["id": "3", "email": "cid@example.eu", "region": "EU", "kind": "test", "amount": nil],
        ["id": "4", "email": "dan@example.eu", "region": nil, "kind": "real", "amount": "-0.5"],
    ]

    static func customers(_ user: String) throws -> DataSourceAccess {
        try #require(model.access(for: user, tableColumns: columns).dataSource("customers"))
    }

    @Test func usersAreFoundByNameOrLogin() {
        #expect(Self.model.user("alice")?.name == "alice")
        #expect(Self.model.user("alice_w")?.name == "alice")
        #expect(Self.model.user("nobody") == nil)
    }

    @Test func subscriptionNamesTheDecidingPolicy() throws {
        let alice = try Self.customers("alice")
        #expect(alice.subscription.subscribed && alice.subscription.policy == "analysts read")
        #expect(alice.subscription.reason.contains("group analysts"))
        let carol = Self.model.access(for: "carol")
        #expect(carol.dataSource("customers")?.subscription.subscribed == false)
        #expect(carol.dataSource("customers")?.subscription.reason.contains("name neither user carol") == true)
        #expect(carol.dataSource("orders")?.subscription.policy == "carol reads orders")
        #expect(try Self.customers("carol").visibleRows(Self.rows).isEmpty, "not subscribed: no rows")
    }

    @Test func noSubscriptionPolicyMeansNobody() {
        let model = AccessModel(Governance(dataSources: Self.governance.dataSources, users: Self.governance.users))
        let access = model.access(for: "dave").dataSource("orders")
        #expect(access?.subscription.subscribed == false)
        #expect(access?.subscription.reason.contains("no subscription policy covers orders") == true)
    }

    @Test func rowFiltersAreAndedAndNullMatchesNothing() throws {
        let alice = try Self.customers("alice")
        #expect(alice.rowFilters.map(\.policy) == ["own region", "not test rows"])
        #expect(try alice.visibleRows(Self.rows).map { $0["id"] ?? nil } == ["1"])
        // bob has no region attribute: the attribute filter keeps nothing.
        let bob = try Self.customers("bob")
        #expect(bob.rowFilters[0].reason.contains("does not have"))
        #expect(try bob.visibleRows(Self.rows).isEmpty)
        // dave is exempt from the region filter but not from the `in` filter.
        let dave = try Self.customers("dave")
        #expect(dave.rowFilters[0].exemptGroup == "admins" && dave.rowFilters[1].in == ["real"])
        #expect(try dave.visibleRows(Self.rows).map { $0["id"] ?? nil } == ["1", "2", "4"])
    }

    @Test func theFirstCoveringMaskingPolicyDecidesEvenWhenItExempts() throws {
        let alice = try Self.customers("alice")
        let email = try #require(alice.columns.first { $0.column == "email" })
        #expect(email.method == .hash && email.policy == "mask pii" && email.reason.contains("tag pii"))
        let dave = try Self.customers("dave")
        let daveEmail = try #require(dave.columns.first { $0.column == "email" })
        #expect(daveEmail.method == nil && daveEmail.policy == "mask pii" && daveEmail.exemptGroup == "admins",
                "the later `null email` policy does not get a say")
        let rows = try dave.visibleRows(Self.rows)
        #expect(rows.map { $0["email"] ?? nil } == ["ann@example.eu", nil, "dan@example.eu"])
        #expect(rows.map { $0["amount"] ?? nil } == ["10", "21", "-1"], "round has no exceptions here")
        let id = try #require(dave.columns.first { $0.column == "id" })
        #expect(id.policy == nil && id.reason.contains("raw"))
    }

    @Test func maskedValuesFollowTheMethod() throws {
        let row = try Self.customers("alice").visibleRows(Self.rows).first
        #expect(row?["email"] == .some("\(SHA256.hexDigest(of: "ann@example.eu"))"))
        #expect(row?["amount"] == .some("10"))
        #expect(row?["region"] == .some("EU"))
    }

    @Test func anUnmappedLoginSeesNothingAndIsToldWhy() throws {
        let access = Self.model.access(for: "mallory")
        #expect(access.user == nil)
        #expect(access.dataSources.allSatisfy { !$0.subscription.subscribed && $0.subscription.reason.contains("not a mapped user") })
    }

    @Test func withoutTableColumnsTheSpecsColumnsAreDescribed() {
        let access = Self.model.access(for: "alice").dataSource("customers")
        #expect(access?.columnsComplete == false)
        #expect(access?.columns.map(\.column) == ["amount", "email", "kind", "region"])
    }
}
