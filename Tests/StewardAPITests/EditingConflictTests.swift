import Foundation
import StewardTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A PUT while an edit is in progress gets the seed's 409. The warehouse is reached through a
/// loopback proxy that adds latency, so the edit takes long enough to be caught in progress.
@Suite struct EditingConflictTests {
    @Test func aSecondPutWhileEditingGetsTheSeeds409() async throws {
        let api = try await APIFixture()
        defer { api.dir.remove() }
        let proxyPort = try TestPostgres.freePortForTests()
        let proxyScript = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/tcp_proxy.py").path
        let proxy = try DaemonProcess.spawnHelper("/usr/bin/env", ["python3", proxyScript, String(proxyPort), String(api.server.port),
                                                                  "--latency-ms", "50"], output: api.dir.file("proxy.log"))
        defer { kill(proxy, SIGKILL); var status: Int32 = 0; waitpid(proxy, &status, 0) }
        try await waitUntil { (try? String(contentsOfFile: api.dir.file("proxy.log"), encoding: .utf8))?.contains("listening") == true }

        let database = TestNames.unique("editing")
        let role = "imp_\(database)"
        func body(impersonation: Bool) throws -> String {
            try api.seedBody("seed-userpassword", database: database) { body in
                var config = body["config"] as? [String: Any] ?? [:]
                config["port"] = proxyPort
                config["impersonation"] = impersonation ? ["enabled": true, "role": role] : ["enabled": false]
                body["config"] = config
            }
        }
        let created = try api.client.request("POST", "/integrations", body: try body(impersonation: false))
        #expect(created.status == 200, "\(created.body)")
        let id = try #require(created.object["id"] as? String)
        try await api.waitFor(id, status: "enabled", timeout: .seconds(120))

        let first = try api.client.request("PUT", "/integrations/\(id)", body: try body(impersonation: true))
        #expect(first.status == 200, "\(first.body)")
        #expect(first.object["status"] as? String == "editing")
        let second = try api.client.request("PUT", "/integrations/\(id)", body: try body(impersonation: false))
        #expect(second.status == 409)
        #expect(second.object["error"] as? String == "Conflict")
        #expect(second.message == "Unable to edit integration with ID \(id) in current state editing.")

        try await api.waitFor(id, status: "enabled", timeout: .seconds(120))
        #expect(try await Catalog.roleExists(api.server, role), "the first edit went through")
        await api.dropObjects(of: id, roles: [role])
        try await api.stop()
    }
}
