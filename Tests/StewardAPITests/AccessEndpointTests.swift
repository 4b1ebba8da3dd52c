import Foundation
import StewardTestSupport
import Testing

/// `GET /integrations/{id}/access`: the same answer as `steward access`, over the API.
@Suite struct AccessEndpointTests {
    @Test func explainsAUsersAccessFromTheRecordedSpec() async throws {
        let api = try await APIFixture()
        defer { api.dir.remove() }
        let database = TestNames.unique("access")
        // The table does not exist, so creation fails; the spec as read is recorded all the same,
        // and the answer comes from it.
        let body = try api.seedBody("seed-userpassword", database: database) { body in
            body["dataSources"] = [["name": "customers", "table": "public.customers", "schema": "governed", "columns": ["email": ["pii"]]]]
            body["users"] = [["name": "alice", "groups": ["analysts"], "attributes": ["region": ["EU"]]], ["name": "dave", "groups": ["admins"]]]
            body["policies"] = [
                ["name": "analysts read", "subscription": ["groups": ["analysts", "admins"]]],
                ["name": "mask pii", "masking": ["tags": ["pii"], "method": "hash", "exceptGroups": ["admins"]]],
            ]
        }
        let created = try api.client.request("POST", "/integrations", body: body)
        let id = try #require(created.object["id"] as? String, "\(created.body)")

        let alice = try api.client.request("GET", "/integrations/\(id)/access?user=alice")
        #expect(alice.status == 200, "\(alice.body)")
        let users = alice.object["users"] as? [[String: Any]] ?? []
        let customers = (users.first?["dataSources"] as? [[String: Any]])?.first
        #expect(users.count == 1 && users.first?["user"] as? String == "alice")
        #expect((customers?["subscription"] as? [String: Any])?["policy"] as? String == "analysts read")
        let email = (customers?["columns"] as? [[String: Any]])?.first
        #expect(email?["column"] as? String == "email" && email?["method"] as? String == "hash" && email?["policy"] as? String == "mask pii")

        let everyone = try api.client.request("GET", "/integrations/\(id)/access")
        #expect((everyone.object["users"] as? [[String: Any]])?.count == 2)
        let unknown = try api.client.request("GET", "/integrations/\(id)/access?dataSource=nope")
        #expect(unknown.status == 400 && unknown.message.contains("use one of: customers"), "\(unknown.body)")
        #expect(try api.client.request("GET", "/integrations/999999/access").status == 404)
        #expect(try api.client.with(authorization: nil).request("GET", "/integrations/\(id)/access").status == 401)
        try await api.stop()
        await api.dropObjects(of: id)
    }
}
