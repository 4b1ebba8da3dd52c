import Foundation
import StewardTestSupport
import Testing

/// Security: the one-active-integration-per-host-and-port rule cannot be bypassed by another
/// spelling of the same address, through the API or a hand-written file.
@Suite struct TargetSpellingTests {
    @Test func everySpellingOfATargetIsOneTarget() async throws {
        let api = try await APIFixture()
        defer { api.dir.remove() }
        #expect(api.server.host == "127.0.0.1")
        let database = TestNames.unique("spelling")
        let created = try api.client.request("POST", "/integrations", body: try api.seedBody("seed-userpassword", database: database))
        #expect(created.status == 200, "\(created.body)")
        let id = try #require(created.object["id"] as? String)
        try await api.waitFor(id, status: "enabled")

        for host in ["127.1", "2130706433", "0x7f000001", "0177.0.0.1", "127.0.0.1.", "localhost", "LOCALHOST", "::ffff:127.0.0.1"] {
            let answer = try api.client.request("POST", "/integrations", body: try api.seedBody("seed-userpassword", database: "other", host: host))
            #expect(answer.status == 409, "\(host): \(answer.body)")
            #expect(answer.message == "Redshift integration already exists on host \(host) (id = \(id))", "\(host): \(answer.message)")
        }
        let spec = try api.seedBody("seed-userpassword", database: "other", host: "0x7f000001")
        _ = try api.dir.write("integrations.d/by-hand.json", spec)
        let refused = try await api.daemon.waitFor("by-hand", status: "createError")
        #expect(refused["lastError"] as? String == "Redshift integration already exists on host 0x7f000001 (id = \(id))", "\(refused)")

        await api.dropObjects(of: id)
        try await api.stop()
    }
}
