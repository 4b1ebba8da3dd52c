import Foundation
import StewardTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Two daemons with the HTTP API sharing one PostgreSQL status store: the follower answers
/// reads and refuses changes with 503 naming the leader; the leader takes the change, and the
/// follower then reads what the leader recorded; `/metrics` shows the role, the term and each
/// member's heartbeat, family by family as `Deploy/monitoring/metric-families.txt` lists them.
@Suite struct SharedStoreAPITests {
    @Test func theFollowerReadsAndRefusesChangesWhileTheLeaderTakesThem() async throws {
        let server = try await TestPostgres.shared.start()
        let database = TestNames.unique("apistore")
        try await Catalog.execute(server, "CREATE DATABASE \"\(database)\"")
        let secrets = try TemporaryDirectory("steward-api-store")
        defer { secrets.remove() }
        let password = try secrets.write("store-password", server.password.unredacted + "\n")
        let key = try secrets.write("secret-key", Data((0..<32).map { _ in UInt8.random(in: 0...255) }).base64EncodedString() + "\n")
        for file in [password, key] { chmod(file, 0o600) }
        func store(_ member: String) -> [String] {
            ["--store", "postgresql://\(server.superuser)@\(server.host):\(server.port)/\(database)?sslmode=disable",
             "--store-password-file", password, "--store-secret-key-file", key, "--member", member, "--lease", "3s"]
        }
        let a = try await APIFixture(extraArguments: store("api-a"))
        defer { a.dir.remove() }
        let b = try await APIFixture(extraArguments: store("api-b"))
        defer { b.dir.remove() }

        // One leads (steward_leader 1), the other follows, and each says so in /metrics.
        var roles: [(APIFixture, Double)] = []
        try await waitUntil(timeout: .seconds(30)) {
            roles = try [a, b].map { api in (api, try Self.scrape(api)["steward_leader"]?.value([:]) ?? -1) }
            return roles.map(\.1).sorted() == [0, 1]
        }
        let leader = try #require(roles.first { $0.1 == 1 }?.0)
        let follower = try #require(roles.first { $0.1 == 0 }?.0)
        let leaderName = leader.daemon === a.daemon ? "api-a" : "api-b"

        let body = try leader.seedBody("seed-userpassword", database: TestNames.unique("apistore"))
        let refused = try follower.client.request("POST", "/integrations", body: body)
        #expect(refused.status == 503, "\(refused.body)")
        #expect(refused.body.contains("follows \(leaderName)"), "\(refused.body)")
        #expect(try follower.client.request("GET", "/integrations").status == 200)

        let created = try leader.client.request("POST", "/integrations", body: body)
        #expect(created.status == 200, "\(created.body)")
        let id = try #require(created.object["id"] as? String)
        // The follower reads what the leader records, up to enabled.
        try await follower.waitFor(id, status: "enabled")

        // Every listed family, the shared store's included; both members' heartbeats.
        let listed = try MetricsScrapeTests.listedFamilies().merging(try MetricsScrapeTests.listedFamilies(sharedStore: true)) { $1 }
        var families: [String: PrometheusParser.Family] = [:]
        try await waitUntil(timeout: .seconds(20)) {
            _ = try follower.client.request("GET", "/nothing-here")
            families = try Self.scrape(follower)
            let heartbeats = families["steward_member_last_heartbeat_timestamp_seconds"]
            return Set(families.keys) == Set(listed.keys)
                && heartbeats?.value(["member": "api-a"]) != nil && heartbeats?.value(["member": "api-b"]) != nil
        }
        #expect(families.mapValues(\.type) == listed)
        #expect((families["steward_leader_term"]?.value([:]) ?? 0) >= 1)
        #expect((families["steward_member_last_heartbeat_timestamp_seconds"]?.value(["member": leaderName]) ?? 0) > 1_600_000_000)
        #expect(families["steward_leader"]?.value([:]) == 0)
    }

    static func scrape(_ api: APIFixture) throws -> [String: PrometheusParser.Family] {
        let answer = try api.client.request("GET", "/metrics", accept: "text/plain")
        guard answer.status == 200 else { throw TestSupportError("GET /metrics: \(answer.status) \(answer.body)") }
        return try PrometheusParser.parse(answer.body)
    }
}
