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

    @Test func nullMeansDefaults() {
        #expect(ACLItem.parseArray(nil) == nil)
        #expect(ACLItem.parseArray("{}") == [])
    }
}
