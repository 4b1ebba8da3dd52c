import Foundation
import StewardTestSupport
import Testing

/// The seed's automatic-setup examples against a daemon on a real PostgreSQL: configure, get,
/// get all, status, update, delete, with the seed's status codes and body shapes.
@Suite struct SeedAutomaticTests {
    @Test func configureGetUpdateDeleteLikeTheSeed() async throws {
        let api = try await APIFixture()
        defer { api.dir.remove() }
        let database = TestNames.unique("seedauto")
        let body = try api.seedBody("seed-userpassword", database: database)

        // POST: 200 {id, status: creating, validationResults}.
        let created = try api.client.request("POST", "/integrations", body: body)
        #expect(created.status == 200, "\(created.body)")
        SeedShapes.expectShape(created.object, matches: SeedShapes.object(SeedShapes.change))
        #expect(created.object["status"] as? String == "creating")
        let results = try #require(created.object["validationResults"] as? [String: Any])
        #expect(results["status"] as? String == "passed")
        let names = (results["validationTests"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        #expect(names.prefix(2) == ["Initial Validation: Basic Connection Test", "Validate Automatic Bootstrap: Immuta Database Does Not Exist"])
        let id = try #require(created.object["id"] as? String)

        // The same id in the store, `steward get` and the folder's file.
        let enabled = try await api.waitFor(id, status: "enabled")
        SeedShapes.expectShape(enabled, matches: SeedShapes.object(SeedShapes.getUserPassword))
        let config = try #require(enabled["config"] as? [String: Any])
        #expect(config["username"] as? String == "<REDACTED>")
        #expect(config["password"] as? String == "<REDACTED>")
        #expect(config["passwordFile"] == nil, "a request password is shown as the inline password it was")
        let name = try #require(enabled["name"] as? String)
        let cli = try #require(try api.daemon.get(name))
        #expect(cli["id"] as? String == id)
        #expect(cli["status"] as? String == "enabled")
        #expect(FileManager.default.fileExists(atPath: api.specs + "/\(name).yaml"))
        #expect(try await Catalog.databaseExists(api.server, database))

        // GET all and status.
        let all = try api.client.request("GET", "/integrations")
        #expect(all.status == 200)
        #expect(all.array.contains { $0["id"] as? String == id })
        let status = try api.client.request("GET", "/integrations/\(id)/status")
        #expect(status.status == 200)
        #expect(status.object["status"] as? String == "enabled")

        // The password sent is kept nowhere once the create succeeded.
        try await expectNoCanary(api.server.password.unredacted, in: api, responses: [created, enabled.description, all.body])

        // PUT: impersonation on; 200 {id, status: editing}; then enabled with the role.
        let role = "imp_\(database)"
        let edited = try api.seedBody("seed-userpassword", database: database) { body in
            var config = body["config"] as? [String: Any] ?? [:]
            config["impersonation"] = ["enabled": true, "role": role]
            body["config"] = config
        }
        let put = try api.client.request("PUT", "/integrations/\(id)", body: edited)
        #expect(put.status == 200, "\(put.body)")
        #expect(put.object["status"] as? String == "editing")
        SeedShapes.expectShape(put.object, matches: SeedShapes.object(SeedShapes.change))
        try await api.waitFor(id, status: "enabled")
        #expect(try await Catalog.roleExists(api.server, role))
        try await expectNoCanary(api.server.password.unredacted, in: api, responses: [put.body])

        // DELETE without credentials: the documented 400.
        let bare = try api.client.request("DELETE", "/integrations/\(id)")
        #expect(bare.status == 400)
        #expect(bare.message == "Integrations that are automatically configured require privileged credentials to disable. Please provide them in your payload.")

        // DELETE with the seed's body: 200 {id, status: deleting}; everything is dropped.
        let credentials = #"{"authenticationType": "userPassword", "username": "\#(api.server.superuser)", "password": "\#(api.server.password.unredacted)"}"#
        let deleted = try api.client.request("DELETE", "/integrations/\(id)", body: credentials)
        #expect(deleted.status == 200, "\(deleted.body)")
        #expect(deleted.object["status"] as? String == "deleting")
        SeedShapes.expectShape(deleted.object, matches: SeedShapes.object(SeedShapes.change))
        try await api.waitFor(id, status: "deleted")
        #expect(try await !Catalog.databaseExists(api.server, database))
        #expect(try await !Catalog.roleExists(api.server, role))
        #expect(!FileManager.default.fileExists(atPath: api.specs + "/\(name).yaml"))
        try await expectNoCanary(api.server.password.unredacted, in: api, responses: [deleted.body])
        let history = try Subprocess.steward(["history", name, "--state-dir", api.state]).stdout
        for step in ["creating", "enabled", "editing", "deleting", "deleted"] { #expect(history.contains(step), "\(history)") }

        // The same body again: the same name, so the record is reopened (same id, new identity), as
        // the reconciler does when a removed file comes back.
        let again = try api.client.request("POST", "/integrations", body: body)
        #expect(again.status == 200, "\(again.body)")
        #expect(again.object["id"] as? String == id)
        try await api.waitFor(id, status: "enabled")
        #expect(try api.client.request("DELETE", "/integrations/\(id)", body: credentials).status == 200)
        try await api.waitFor(id, status: "deleted")
        #expect(try await !Catalog.databaseExists(api.server, database))
        try await api.stop()
    }

    @Test func conflictsNotFoundAndBadBodiesUseTheSeedsErrors() async throws {
        let api = try await APIFixture()
        defer { api.dir.remove() }
        let first = TestNames.unique("seedconf")
        let created = try api.client.request("POST", "/integrations", body: try api.seedBody("seed-userpassword", database: first, host: "127.0.0.6"))
        #expect(created.status == 200, "\(created.body)")
        let id = try #require(created.object["id"] as? String)

        // A second integration on the same host: 409 in the seed's words and shape.
        let second = try api.client.request("POST", "/integrations",
                                            body: try api.seedBody("seed-userpassword", database: TestNames.unique("seedconf"), host: "127.0.0.6"))
        #expect(second.status == 409)
        SeedShapes.expectShape(second.object, matches: SeedShapes.object(SeedShapes.error))
        #expect(second.object["error"] as? String == "Conflict")
        #expect(second.message == "Redshift integration already exists on host 127.0.0.6 (id = \(id))")

        // Unknown ids: 404 No Integration found with ID ID.
        for (method, path) in [("GET", "/integrations/98765"), ("GET", "/integrations/98765/status"), ("DELETE", "/integrations/98765"),
                               ("PUT", "/integrations/98765"), ("POST", "/integrations/98765/scripts/delete")] {
            let answer = try api.client.request(method, path, body: method == "PUT" ? "{}" : nil)
            #expect(answer.status == 404, "\(method) \(path): \(answer.body)")
            #expect(answer.message == "No Integration found with ID 98765.")
        }

        // A bad body: 400 with every problem, each with its path.
        let bad = try api.client.request("POST", "/integrations", body: #"{"type": "Redshift", "autoBootstrap": true, "config": {"prot": 1}}"#)
        #expect(bad.status == 400)
        let paths = (bad.object["errors"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String }
        #expect(paths.contains("config.host") && paths.contains("config.database") && paths.contains("config.prot"), "\(bad.body)")

        // YAML bodies are read too; a wrong password is a failed Basic Connection Test, nothing written.
        let yaml = """
            type: Redshift
            autoBootstrap: true
            config:
              host: 127.0.0.7
              port: \(api.server.port)
              database: \(TestNames.unique("seedyaml"))
              initialDatabase: postgres
              username: \(api.server.superuser)
              password: Wrong-password-1
              sslMode: disable
            """
        let refused = try api.client.request("POST", "/integrations", body: yaml, contentType: "application/yaml")
        #expect(refused.status == 400, "\(refused.body)")
        let tests = (refused.object["validationResults"] as? [String: Any])?["validationTests"] as? [[String: Any]] ?? []
        #expect(tests.first?["name"] as? String == "Initial Validation: Basic Connection Test")
        #expect(tests.first?["status"] as? String == "failed")
        #expect(try FileManager.default.contentsOfDirectory(atPath: api.specs).count == 1)

        try await api.waitFor(id, status: "enabled")
        // Deletion credentials are checked before anything happens: the configured account, and a login.
        let wrongPassword = try api.client.request("DELETE", "/integrations/\(id)",
            body: #"{"authenticationType": "userPassword", "username": "\#(api.server.superuser)", "password": "Wrong-password-1"}"#)
        #expect(wrongPassword.status == 400)
        #expect(wrongPassword.message.hasPrefix("Initial Validation: Basic Connection Test failed"), "\(wrongPassword.body)")
        let otherAccount = try api.client.request("DELETE", "/integrations/\(id)",
            body: #"{"authenticationType": "userPassword", "username": "someone_else", "password": "x"}"#)
        #expect(otherAccount.status == 400)
        #expect(otherAccount.message.contains("configured with another account"))
        #expect(try api.client.request("GET", "/integrations/\(id)").object["status"] as? String == "enabled")
        await api.dropObjects(of: id)
        try await api.stop()
    }
}

/// Fails if `canary` is in any file under the state or spec folder (SQLite included), the daemon's
/// log, or a response.
func expectNoCanary(_ canary: String, in api: APIFixture, responses: [Any], sourceLocation: SourceLocation = #_sourceLocation) async throws {
    // Request passwords go once the reconcile that used them is over: give the sweeper a moment.
    let deadline = ContinuousClock.now + .seconds(10)
    var leaks: [String] = []
    repeat {
        leaks = [api.state, api.specs].flatMap { TemporaryDirectory(existingPath: $0).allFileContents() }
            .filter { String(decoding: $0.1, as: UTF8.self).contains(canary) }.map(\.0)
        if leaks.isEmpty { break }
        try await Task.sleep(for: .milliseconds(200))
    } while ContinuousClock.now < deadline
    #expect(leaks.isEmpty, "the password is in \(leaks)", sourceLocation: sourceLocation)
    #expect(!api.daemon.log.contains(canary), "the password is in the log", sourceLocation: sourceLocation)
    for response in responses {
        let text = (response as? HTTPExchange)?.body ?? "\(response)"
        #expect(!text.contains(canary), "the password is in a response", sourceLocation: sourceLocation)
    }
}
