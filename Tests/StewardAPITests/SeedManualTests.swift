import Foundation
import StewardTestSupport
import Testing

/// The seed's manual-setup examples: the script endpoints return what `steward script` prints,
/// the scripts run with psql, and the configuration, deletion and clean-up follow the seed.
@Suite struct SeedManualTests {
    @Test func scriptsThenConfigureThenEditDeleteAndCleanUp() async throws {
        // A removal grace far longer than the waits below: a DELETE through the API is not held
        // back by it, for a manual setup as for an automatic one.
        let api = try await APIFixture(extraArguments: ["--removal-grace", "10m"])
        defer { api.dir.remove() }
        let database = TestNames.unique("seedman")
        let account = "sys_\(database)"
        let password = "Manual-\(database)-Pw1"
        let body = try api.seedBody("seed-manual-userpassword", database: database, password: password, username: account)

        // initial-create and create: JSON by default, the SQL alone for text/plain; the same as the CLI.
        let initial = try api.client.request("POST", "/integrations/scripts/initial-create?dialect=postgresql", body: body)
        #expect(initial.status == 200, "\(initial.body)")
        #expect(initial.object["type"] as? String == "initial-create")
        #expect(initial.object["dialect"] as? String == "postgresql")
        let name = try #require(initial.object["name"] as? String)
        let file = try api.dir.write("\(name).json", body)
        let initialSQL = try #require(initial.object["script"] as? String)
        #expect(masked(initialSQL) == masked(try cli(["script", "initial-create", file, "--dialect", "postgresql"])))
        #expect(!initialSQL.contains(password), "only a verifier")
        let create = try api.client.request("POST", "/integrations/scripts/create?dialect=postgresql", body: body, accept: "text/plain")
        #expect(create.status == 200)
        #expect(create.headers.lowercased().contains("content-type: text/plain"))
        #expect(create.body == (try cli(["script", "create", file, "--dialect", "postgresql"])))
        let redshift = try api.client.request("POST", "/integrations/scripts/create", body: body)
        #expect(redshift.object["script"] as? String == (try cli(["script", "create", file])), "redshift is the default dialect")
        let cleanup = try api.client.request("POST", "/integrations/scripts/cleanup?dialect=postgresql", body: body)
        #expect(cleanup.object["script"] as? String == (try cli(["script", "cleanup", file, "--dialect", "postgresql"])))
        try psql(initialSQL, api: api, database: "postgres")
        try psql(create.body, api: api, database: database)

        // Configure: 200 creating, then enabled (checked as the system account).
        let created = try api.client.request("POST", "/integrations", body: body)
        #expect(created.status == 200, "\(created.body)")
        SeedShapes.expectShape(created.object, matches: SeedShapes.object(SeedShapes.change))
        let id = try #require(created.object["id"] as? String)
        let enabled = try await api.waitFor(id, status: "enabled")
        #expect(enabled["name"] as? String == name, "the scripts and the configuration agree on the name")

        // Edit script: impersonation on; then PUT the same body.
        let role = "imp_\(database)"
        let edited = try api.seedBody("seed-manual-userpassword", database: database, password: password, username: account) { body in
            var config = body["config"] as? [String: Any] ?? [:]
            config["impersonation"] = ["enabled": true, "role": role]
            body["config"] = config
        }
        let editFile = try api.dir.write("edited/\(name).json", edited, makingFolder: true)
        let edit = try api.client.request("POST", "/integrations/\(id)/scripts/edit?dialect=postgresql", body: edited)
        #expect(edit.status == 200, "\(edit.body)")
        let editSQL = try #require(edit.object["script"] as? String)
        #expect(masked(editSQL) == masked(try cli(["script", "edit", name, editFile, "--dialect", "postgresql", "--state-dir", api.state])))
        try psql(editSQL, api: api, database: "postgres")
        let put = try api.client.request("PUT", "/integrations/\(id)", body: edited)
        #expect(put.status == 200, "\(put.body)")
        try await api.waitFor(id, status: "enabled")
        #expect(try await Catalog.roleExists(api.server, role))

        // Delete: credentials are refused for a manual setup; the delete script; then the DELETE.
        let withCredentials = try api.client.request("DELETE", "/integrations/\(id)",
                                                     body: #"{"authenticationType": "userPassword", "username": "\#(account)", "password": "\#(password)"}"#)
        #expect(withCredentials.status == 400)
        #expect(withCredentials.message.hasPrefix("Credentials are not required for disable unless the integration was configured automatically."))
        let deleteScript = try api.client.request("POST", "/integrations/\(id)/scripts/delete?dialect=postgresql")
        #expect(deleteScript.status == 200)
        let deleteSQL = try #require(deleteScript.object["script"] as? String)
        #expect(deleteSQL == (try cli(["script", "delete", name, "--dialect", "postgresql", "--state-dir", api.state])))
        let deleted = try api.client.request("DELETE", "/integrations/\(id)")
        #expect(deleted.status == 200, "\(deleted.body)")
        #expect(deleted.object["status"] as? String == "deleting")
        try await api.waitFor(id, status: "deleted", timeout: .seconds(30))
        try psql(deleteSQL, api: api, database: "postgres")
        #expect(try await !Catalog.databaseExists(api.server, database))
        try await expectNoCanary(password, in: api, responses: [created, put, deleted])
        try await api.stop()
        await api.drop(databases: [database], roles: [account, role])
    }

    @Test func oktaBodiesArePassedThroughToTheDaemon() async throws {
        let api = try await APIFixture()
        defer { api.dir.remove() }
        for (example, host) in [("seed-okta", "127.0.0.8"), ("seed-manual-okta", "127.0.0.9")] {
            let database = TestNames.unique("seedokta")
            let body = try api.seedBody(example, database: database, host: host) { body in
                var config = body["config"] as? [String: Any] ?? [:]
                config["clusterIdentifier"] = "examplecluster"
                config["region"] = "us-east-1"
                var okta = config["okta"] as? [String: Any] ?? [:]
                okta["idpHost"] = "http://127.0.0.1:9"
                okta["password"] = "Okta-\(database)"
                config["okta"] = okta
                body["config"] = config
            }
            let created = try api.client.request("POST", "/integrations", body: body)
            #expect(created.status == 200, "\(example): \(created.body)")
            let tests = (created.object["validationResults"] as? [String: Any])?["validationTests"] as? [[String: Any]] ?? []
            #expect(tests.first?["status"] as? String == "skipped", "the API does not sign in to Okta")
            let id = try #require(created.object["id"] as? String)
            // The daemon reports what becomes of it; the API passed the spec through.
            var view: [String: Any] = [:]
            try await waitUntil { view = try api.client.request("GET", "/integrations/\(id)").object; return view["status"] as? String != "creating" }
            SeedShapes.expectShape(view, matches: SeedShapes.object(SeedShapes.getOkta))
            let okta = (view["config"] as? [String: Any])?["okta"] as? [String: Any] ?? [:]
            #expect(okta["username"] as? String == "<REDACTED>")
            #expect(okta["password"] as? String == "<REDACTED>")
            #expect(okta["appId"] as? String == "Okta")
            let spec = try String(contentsOfFile: api.specs + "/\(view["name"] as? String ?? "").yaml", encoding: .utf8)
            #expect(spec.contains("passwordFile: \"\(api.state)/api-secrets/"), "\(spec)")
            #expect(!spec.contains("Okta-\(database)"))
            await api.dropObjects(of: id)
        }
        try await api.stop()
    }
}

/// A script with its password verifiers (salted, so different on every run) blanked out.
func masked(_ script: String) -> String {
    script.replacing(/SCRAM-SHA-256\$[^']*/, with: "SCRAM-SHA-256$…").replacing(/md5[0-9a-f]{32}/, with: "md5…")
}

/// `steward ARGUMENTS`' standard output (the test fails on a non-zero exit).
func cli(_ arguments: [String]) throws -> String {
    let result = try Subprocess.steward(arguments)
    #expect(result.status == 0, "steward \(arguments): \(result.stderr)")
    return result.stdout
}

/// Runs SQL with psql as the superuser.
func psql(_ sql: String, api: APIFixture, database: String) throws {
    let file = try api.dir.write("script-\(UUID().uuidString).sql", sql)
    let result = try Psql.run(file: file, server: api.server, database: database)
    #expect(result.status == 0, "psql: \(result.stderr)")
}

extension TemporaryDirectory {
    /// Writes `name` (which may be in a subfolder) and returns its path.
    func write(_ name: String, _ text: String, makingFolder: Bool) throws -> String {
        let target = file(name)
        try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: target, atomically: false, encoding: .utf8)
        return target
    }
}
