import Foundation
import StewardTestSupport
import Testing

/// `DELETE /integrations/{id}` of an Okta integration with the seed's "credentials you used to
/// configure the integration": the Okta login and password. They are checked through the whole
/// federated login (a fake Okta, moto for STS and Redshift, the test PostgreSQL trusting the
/// `IAM:` user) before the answer, and the deletion drops what the integration made.
@Suite struct OktaDeletionTests {
    static let oktaPassword = "Okta-Delete-Canary-6150"

    @Test func oktaCredentialsDeleteAnOktaIntegration() async throws {
        let server = try await TestPostgres.shared.start()
        let name = TestNames.unique("oktadel")
        let dbUser = "admin_\(String(UUID().uuidString.prefix(8)).lowercased())"
        let okta = try await FakeOktaServer.start(username: "\(name)@example.com", password: Self.oktaPassword, roles: ["admin"], dbUser: dbUser)
        defer { okta.stop() }
        let moto = try await MotoServer.start()
        let cluster = name.replacingOccurrences(of: "_", with: "-")
        try moto.createCluster(identifier: cluster)
        let login = "IAM:\(dbUser)"
        try await Catalog.execute(server, "CREATE ROLE \"\(login)\" LOGIN CREATEDB CREATEROLE IN ROLE \(TestPostgres.federatedGroup)")
        let api = try await APIFixture(environment: ["PATH": "/usr/bin:/bin"].merging(moto.environment) { $1 })
        defer { api.dir.remove() }

        let database = "db_\(name)"
        let body = try api.seedBody("seed-okta", database: database) { body in
            var config = body["config"] as? [String: Any] ?? [:]
            config["clusterIdentifier"] = cluster
            config["region"] = "us-east-1"
            config["impersonation"] = ["enabled": true, "role": "imp_\(name)"]
            config["okta"] = ["username": okta.username, "password": Self.oktaPassword, "appId": okta.appId,
                              "idpHost": okta.baseURL, "role": "admin"]
            body["config"] = config
        }
        let created = try api.client.request("POST", "/integrations", body: body)
        #expect(created.status == 200, "\(created.body)")
        let id = try #require(created.object["id"] as? String)
        let enabled = try await api.waitFor(id, status: "enabled")
        let account = try #require(enabled["systemAccount"] as? String)
        #expect(try await Catalog.databaseExists(server, database))

        // The wrong kind of credentials, another Okta user, a wrong Okta password: 400, nothing deleted.
        let userPassword = #"{"authenticationType": "userPassword", "username": "admin", "password": "x"}"#
        let wrongKind = try api.client.request("DELETE", "/integrations/\(id)", body: userPassword)
        #expect(wrongKind.status == 400 && wrongKind.body.contains("configured with okta credentials"), "\(wrongKind.body)")
        let otherUser = try api.client.request("DELETE", "/integrations/\(id)", body: Self.oktaBody("someone@example.com", Self.oktaPassword))
        #expect(otherUser.status == 400 && otherUser.body.contains("okta.username"), "\(otherUser.body)")
        let before = try okta.stats().authn
        let wrongPassword = try api.client.request("DELETE", "/integrations/\(id)", body: Self.oktaBody(okta.username, "not-the-password"))
        #expect(wrongPassword.status == 400, "\(wrongPassword.body)")
        let failed = ((wrongPassword.object["validationResults"] as? [String: Any])?["validationTests"] as? [[String: Any]] ?? [])
        #expect(failed.contains { $0["name"] as? String == "Initial Validation: Okta Authentication" && $0["status"] as? String == "failed" },
                "the failed login is a validation test: \(wrongPassword.body)")
        #expect(try okta.stats().authn == before + 1, "the wrong password was tried against Okta once")
        #expect(try api.client.request("GET", "/integrations/\(id)").object["status"] as? String == "enabled")

        // The right ones: 200 deleting, with the login and the connection test passed; then gone.
        // (The database login they federate to is the one cached since the integration was
        // created: the cache is keyed on the whole of the Okta settings, password included.)
        let deleted = try api.client.request("DELETE", "/integrations/\(id)", body: Self.oktaBody(okta.username, Self.oktaPassword))
        #expect(deleted.status == 200, "\(deleted.body)")
        #expect(deleted.object["status"] as? String == "deleting")
        let tests = ((deleted.object["validationResults"] as? [String: Any])?["validationTests"] as? [[String: Any]] ?? [])
        #expect(tests.contains { $0["name"] as? String == "Initial Validation: Basic Connection Test" && $0["status"] as? String == "passed" }, "\(tests)")
        try await api.waitFor(id, status: "deleted")
        #expect(try await !Catalog.databaseExists(server, database))
        #expect(try await !Catalog.roleExists(server, account))
        // The Okta password is nowhere: not in the log, not in the state directory.
        #expect(!api.daemon.log.contains(Self.oktaPassword))
        for (path, data) in api.dir.allFileContents(excluding: []) {
            #expect(!String(decoding: data, as: UTF8.self).contains(Self.oktaPassword), "canary in \(path)")
        }
        try await api.stop()
        await api.drop(databases: [database], roles: [account, "imp_\(name)", login])
    }

    static func oktaBody(_ username: String, _ password: String) -> String {
        #"{"authenticationType": "okta", "okta": {"username": "\#(username)", "password": "\#(password)"}}"#
    }
}
