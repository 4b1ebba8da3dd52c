import StewardTestSupport
import StewardWarehouse
import Testing

@Suite struct ACLItemTests {
    @Test func parsesPublicAndUsers() throws {
        let items = try #require(ACLItem.parseArray("{=Tc/admin,admin=CTc/admin,steward_a=C*T*c*/admin}"))
        #expect(items.count == 3)
        #expect(items.publicPrivileges == ["T", "c"])
        #expect(items.privileges(of: "steward_a") == ["C", "T", "c"])
    }

    /// Names that need quoting come back from a real server exactly as created.
    @Test func parsesQuotedNamesFromARealServer() async throws {
        let server = try await TestPostgres.shared.start()
        let database = TestNames.unique("acl")
        let role = "odd \"name\"=x,y/\(TestNames.unique("r"))"
        let db = try SQLIdentifier(database)
        let grantee = try SQLIdentifier(role)
        try await Catalog.execute(server, "CREATE DATABASE \(db.quoted)")
        try await Catalog.execute(server, "CREATE ROLE \(grantee.quoted) NOLOGIN")
        try await Catalog.execute(server, "REVOKE ALL ON DATABASE \(db.quoted) FROM PUBLIC")
        try await Catalog.execute(server, "GRANT CREATE, TEMPORARY ON DATABASE \(db.quoted) TO \(grantee.quoted)")
        let acl = try await Catalog.query(server, "SELECT datacl FROM pg_database WHERE datname = $1", [database]).value("datacl")
        let items = try #require(ACLItem.parseArray(acl))
        #expect(items.privileges(of: role) == ["C", "T"])
        #expect(items.publicPrivileges.isEmpty)
        try await Catalog.execute(server, "DROP DATABASE \(db.quoted)")
        try await Catalog.execute(server, "DROP ROLE \(grantee.quoted)")
    }

    /// The grantor (the database's owner) may have `/`, `=`, `,` and a quote followed by a
    /// combining mark in its name: a hostile bootstrap account name made every privilege look
    /// missing, so a bootstrap never converged (found by InjectionTests).
    @Test func parsesAHostileGrantor() throws {
        let items = try #require(ACLItem.parseArray(#"{"=T/\"a\"\"';/*=\"\"\#u{301}é,x\"","steward_a=CTc/\"a\"\"';/*=\"\"\#u{301}é,x\""}"#))
        #expect(items.count == 2)
        #expect(items.publicPrivileges == ["T"])
        #expect(items.privileges(of: "steward_a") == ["C", "T", "c"])
        #expect(items.first?.grantor == "a\"';/*=\"\u{301}é,x")
    }

    @Test func hostileOwnerOnARealServer() async throws {
        let server = try await TestPostgres.shared.start()
        let database = try SQLIdentifier(TestNames.unique("acl_owner"))
        let owner = try SQLIdentifier("o\"';/* =,\"\u{301}é_\(TestNames.unique("o"))")
        let grantee = try SQLIdentifier(TestNames.unique("g"))
        try await Catalog.execute(server, "CREATE ROLE \(owner.quoted) NOLOGIN")
        try await Catalog.execute(server, "CREATE ROLE \(grantee.quoted) NOLOGIN")
        try await Catalog.execute(server, "CREATE DATABASE \(database.quoted) OWNER \(owner.quoted)")
        try await Catalog.execute(server, "REVOKE ALL ON DATABASE \(database.quoted) FROM PUBLIC")
        try await Catalog.execute(server, "GRANT TEMPORARY ON DATABASE \(database.quoted) TO PUBLIC")
        try await Catalog.execute(server, "GRANT CREATE, CONNECT ON DATABASE \(database.quoted) TO \(grantee.quoted)")
        let acl = try await Catalog.query(server, "SELECT datacl FROM pg_database WHERE datname = $1", [database.name]).value("datacl")
        let items = try #require(ACLItem.parseArray(acl))
        #expect(items.publicPrivileges == ["T"], "\(acl ?? "")")
        #expect(items.privileges(of: grantee.name) == ["C", "c"], "\(acl ?? "")")
        #expect(items.allSatisfy { $0.grantor == owner.name }, "\(acl ?? "")")
        try await Catalog.execute(server, "DROP DATABASE \(database.quoted)")
        try await Catalog.execute(server, "DROP ROLE \(grantee.quoted)")
        try await Catalog.execute(server, "DROP ROLE \(owner.quoted)")
    }

    @Test func nullMeansDefaults() {
        #expect(ACLItem.parseArray(nil) == nil)
        #expect(ACLItem.parseArray("{}") == [])
    }
}
