import Testing
import StewardSpec

@Suite("Data sources, users and policies in a spec")
struct GovernanceSpecTests {
    static let base = """
        type: Redshift
        autoBootstrap: true
        config:
          host: organization.aws.amazon.com
          database: sales
          existingDatabase: true
          initialDatabase: dev
          username: admin
          password: abc1234

        """

    static let example = base + """
        dataSources:
          - name: customers
            table: public.customers
            schema: governed
            columns: {email: [pii], "Phone Number": [pii, contact]}
        users:
          - name: alice
            groups: [analysts, eu]
            attributes: {region: [EU]}
          - name: Bob Smith
            warehouseUser: bob
            groups: [admins]
        policies:
          - name: analysts read
            dataSources: [customers]
            subscription: {groups: [analysts, admins], users: [alice]}
          - name: mask pii
            masking: {tags: [pii], method: hash, exceptGroups: [admins]}
          - name: short emails
            masking: {columns: [email], method: regex, pattern: "^(.).*@", replacement: "\\\\1***@"}
          - name: eu rows
            rowFilter: {column: region, matchesAttribute: region, exceptGroups: [admins]}
        """

    @Test func aFullExampleParses() throws {
        let spec = try #require(parsed(Self.example.replacingOccurrences(of: #", replacement: "\\1***@""#, with: #", replacement: "***@""#)))
        let governance = spec.governance
        #expect(spec.config.existingDatabase)
        #expect(governance.dataSources.first?.schema == "governed")
        #expect(governance.dataSources.first?.view == "customers", "the view defaults to the table's name")
        #expect(governance.dataSources.first?.columns(taggedWith: "pii") == ["Phone Number", "email"])
        #expect(governance.users.map(\.warehouseUser) == ["alice", "bob"])
        #expect(governance.policies.count == 4)
        #expect(governance.policies[1].masking?.method == .hash)
        #expect(governance.policies[3].rowFilter?.matchesAttribute == "region")
        #expect(governance.policies[3].applies(to: "customers"), "no dataSources means all")
        // The redacted form keeps it, and a spec without it keeps its digest shape.
        #expect(spec.redacted.governance == governance)
    }

    @Test func backslashesInPatternsAreRefusedWithAPOSIXHint() throws {
        let error = try #require(failure(at: "policies[2].masking.replacement", in: Self.example))
        #expect(error.message.contains("backslash"))
    }

    @Test func referencesMustResolve() throws {
        let text = Self.base + """
            dataSources: [{name: customers, table: public.customers, schema: governed}]
            policies:
              - {name: p1, dataSources: [orders], subscription: {users: [carol]}}
            """
        let errors = try #require(failures(text)).errors
        #expect(errors.map(\.path).contains("policies[0].dataSources"))
        #expect(errors.map(\.path).contains("policies[0].subscription.users"))
        #expect(errors.first { $0.path == "policies[0].dataSources" }?.message.contains("\"orders\"") == true)
    }

    @Test func aPolicyHasExactlyOneRule() throws {
        let text = Self.base + """
            policies:
              - {name: p1, subscription: {groups: [a]}, masking: {columns: [x], method: null}}
              - {name: p2}
            """
        let errors = try #require(failures(text)).errors
        #expect(errors.first { $0.path == "policies[0]" }?.message == "has subscription and masking; a policy has exactly one rule")
        #expect(errors.first { $0.path == "policies[1]" }?.message == "has no rule")
    }

    @Test func maskingMethodsNeedTheirSettings() throws {
        let text = Self.base + """
            policies:
              - {name: p1, masking: {columns: [x], method: constant}}
              - {name: p2, masking: {columns: [x], method: round, digits: 2, constant: x}}
              - {name: p3, masking: {method: hash}}
              - {name: p4, masking: {columns: [x], method: sha1}}
            """
        let errors = try #require(failures(text)).errors
        let paths = errors.map(\.path)
        #expect(paths.contains("policies[0].masking.constant"))
        #expect(paths.contains("policies[1].masking.constant"))
        #expect(errors.first { $0.path == "policies[2].masking" }?.message == "masks nothing")
        #expect(paths.contains("policies[3].masking.method"))
    }

    @Test func rowFiltersNeedExactlyOneMatch() throws {
        let text = Self.base + """
            policies:
              - {name: p1, rowFilter: {column: region}}
              - {name: p2, rowFilter: {column: region, matchesAttribute: region, in: [EU]}}
            """
        let errors = try #require(failures(text)).errors
        #expect(errors.filter { $0.message == "needs exactly one of matchesAttribute and in" }.map(\.path) == ["policies[0].rowFilter", "policies[1].rowFilter"])
    }

    @Test(arguments: ["\"a'b\"", "\"a|b\"", "\"semi;colon\"", "\"\\u00e9t\\u00e9\"", "\" lead\""])
    func hostileGroupNamesAreRefused(_ name: String) throws {
        let text = Self.base + "users: [{name: alice, groups: [\(name)]}]\n"
        let error = try #require(failure(at: "users[0].groups[0]", in: text))
        #expect(error.fix?.contains("letters, digits") == true)
    }

    @Test func hostileColumnNamesAreAllowedBecauseTheyAreQuoted() throws {
        let text = Self.base + #"dataSources: [{name: c, table: public.c, schema: governed, columns: {"x\"; DROP TABLE t; --": [pii]}}]"# + "\n"
        let spec = try #require(parsed(text))
        #expect(spec.governance.dataSources.first?.columns.keys.first == "x\"; DROP TABLE t; --")
    }

    @Test func singleDatabaseModeKeepsViewsOffTheirTables() throws {
        let own = Self.base + "dataSources: [{name: c, table: public.customers}]\n"
        let error = try #require(failure(at: "dataSources[0].schema", in: own))
        #expect(error.fix == "publish it in another schema, e.g. schema: governed")
        let other = Self.base + "dataSources: [{name: c, table: other.public.customers, schema: governed}]\n"
        #expect(failure(at: "dataSources[0].table", in: other) != nil)
    }

    @Test func duplicatesAreNamed() throws {
        let text = Self.base + """
            dataSources: [{name: c, table: public.a, schema: g}, {name: c, table: public.b, schema: g, view: a}]
            users: [{name: a, warehouseUser: x}, {name: b, warehouseUser: x}]
            """
        let errors = try #require(failures(text)).errors
        #expect(errors.contains { $0.path == "dataSources[1]" && $0.message == "name \"c\" is used twice" })
        #expect(errors.contains { $0.path == "dataSources[1]" && $0.message == "schema and view \"g.a\" is used twice" })
        #expect(errors.contains { $0.path == "users[1]" && $0.message == "warehouseUser \"x\" is used twice" })
    }
}

/// `RedactedSpec.differsOnlyInProfiles`: which edits may be applied as profile rows alone.
@Suite struct ProfileOnlyChangeTests {
    static func spec(_ users: [MappedUser], sources: [String] = ["customers"]) -> RedactedSpec {
        var spec = IntegrationSpec(autoBootstrap: true, config: RedshiftConfig(
            host: "cluster.example.com", database: "sales", initialDatabase: "dev", username: "admin", password: .inline(Secret("x"))))
        spec.governance = Governance(
            dataSources: sources.map { DataSource(name: $0, table: TableReference(schema: "public", table: $0), schema: "governed") },
            users: users, policies: [Policy(name: "read", subscription: .init(groups: ["analysts"]))])
        return spec.redacted
    }

    @Test func groupsAndAttributesOfTheSameUsersAreAProfileChange() {
        let before = Self.spec([MappedUser(name: "alice", groups: ["analysts"], attributes: ["region": ["EU"]]), MappedUser(name: "bob")])
        #expect(before.differsOnlyInProfiles(from: Self.spec([MappedUser(name: "alice", groups: ["analysts"], attributes: ["region": ["US"]]),
                                                              MappedUser(name: "bob")])))
        #expect(before.differsOnlyInProfiles(from: Self.spec([MappedUser(name: "alice", groups: ["admins"], attributes: [:]),
                                                              MappedUser(name: "bob", groups: ["analysts"])])))
    }

    @Test func anythingElseIsNot() {
        let alice = MappedUser(name: "alice", groups: ["analysts"], attributes: ["region": ["EU"]])
        let moved = MappedUser(name: "alice", groups: ["analysts"], attributes: ["region": ["US"]])
        let before = Self.spec([alice])
        #expect(!before.differsOnlyInProfiles(from: before), "no change at all")
        #expect(!before.differsOnlyInProfiles(from: Self.spec([alice, MappedUser(name: "bob")])), "a user mapped")
        #expect(!before.differsOnlyInProfiles(from: Self.spec([])), "a user unmapped")
        #expect(!before.differsOnlyInProfiles(from: Self.spec([MappedUser(name: "alice", warehouseUser: "alice2", groups: ["analysts"])])),
                "mapped to another warehouse user")
        #expect(!before.differsOnlyInProfiles(from: Self.spec([moved], sources: ["customers", "orders"])), "a data source as well")
        #expect(!Self.spec([alice, MappedUser(name: "bob")]).differsOnlyInProfiles(from: Self.spec([MappedUser(name: "bob"), alice])),
                "the same users in another order")
    }
}

@Suite struct CanonicalSpecTests {
    @Test func theDigestIsTheSpecsAndGovernanceIsReadOffTheText() {
        let governed = ProfileOnlyChangeTests.spec([MappedUser(name: "alice")])
        var bare = IntegrationSpec(autoBootstrap: true, config: RedshiftConfig(
            host: "cluster.example.com", database: "sales", initialDatabase: "dev", username: "admin", password: .inline(Secret("x"))))
        #expect(RedactedSpec.hasGovernance(canonicalJSON: String(decoding: governed.canonicalJSON(), as: UTF8.self)))
        #expect(!RedactedSpec.hasGovernance(canonicalJSON: CanonicalSpec(bare).json))
        // A value that spells a key is still a value.
        bare.config.username = "x\"users\":"
        #expect(!RedactedSpec.hasGovernance(canonicalJSON: CanonicalSpec(bare).json))
        #expect(CanonicalSpec(bare).digest == bare.digest)
        bare.governance.policies = [Policy(name: "read", subscription: .init(groups: ["g"]))]
        #expect(RedactedSpec.hasGovernance(canonicalJSON: CanonicalSpec(bare).json))
    }
}
