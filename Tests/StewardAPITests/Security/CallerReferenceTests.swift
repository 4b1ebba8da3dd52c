import Foundation
import StewardTestSupport
import Testing

/// Security: a caller with an API key cannot make the daemon read a file of its choosing. Every
/// body that names a file or credential is refused with a 400 naming the field, before anything
/// connects anywhere; a fake PostgreSQL server on the body's host proves that nothing is sent.
@Suite struct CallerReferenceTests {
    @Test func bodiesWithReferencesAreRefusedAndNothingIsSent() async throws {
        let api = try await APIFixture()
        defer { api.dir.remove() }
        let fake = try FakePostgres()
        defer { fake.close() }
        let canary = "canary-\(UUID().uuidString)"
        let secretFile = try api.dir.write("not-for-callers", canary + "\n")
        let database = TestNames.unique("refs")
        func body(_ example: String, change: @escaping (inout [String: Any]) -> Void) throws -> String {
            try api.seedBody(example, database: database, host: "127.0.0.1") { body in
                var config = body["config"] as? [String: Any] ?? [:]
                config["port"] = fake.port
                body["config"] = config
                change(&body)
            }
        }
        func config(_ change: @escaping (inout [String: Any]) -> Void) -> (inout [String: Any]) -> Void {
            { body in
                var config = body["config"] as? [String: Any] ?? [:]
                change(&config)
                body["config"] = config
            }
        }

        // The control: an inline password does reach the fake server (the initial validation logs in).
        let inline = try api.client.request("POST", "/integrations", body: try body("seed-userpassword") { _ in })
        #expect(inline.status == 400, "\(inline.body)")
        #expect(fake.passwords == [api.server.password.unredacted], "the fake server sees what a login sends")

        let cases: [(String, String, String)] = [
            ("config.passwordFile", "seed-userpassword", "POST"),
            ("config.passwordCredential", "seed-userpassword", "POST"),
            ("config.okta.passwordFile", "seed-okta", "POST"),
            ("config.okta.passwordCredential", "seed-okta", "POST"),
            ("config.sslRootCert", "seed-userpassword", "POST"),
            ("config.passwordFile", "seed-manual-userpassword", "scripts/initial-create"),
            ("config.passwordFile", "seed-manual-userpassword", "scripts/create"),
            ("config.passwordCredential", "seed-manual-userpassword", "scripts/cleanup"),
        ]
        for (field, example, endpoint) in cases {
            let sent = try body(example, change: config { config in
                switch field {
                case "config.passwordFile", "config.passwordCredential":
                    config["password"] = nil
                    config[String(field.dropFirst("config.".count))] = field.hasSuffix("File") ? secretFile : "some-credential"
                case "config.sslRootCert":
                    config["sslMode"] = "verify-full"
                    config["sslRootCert"] = secretFile
                default:
                    var okta = config["okta"] as? [String: Any] ?? [:]
                    okta["password"] = nil
                    okta[String(field.dropFirst("config.okta.".count))] = field.hasSuffix("File") ? secretFile : "some-credential"
                    config["okta"] = okta
                }
            })
            let path = endpoint == "POST" ? "/integrations" : "/integrations/\(endpoint)?dialect=postgresql"
            let answer = try api.client.request("POST", path, body: sent)
            #expect(answer.status == 400, "\(endpoint) with \(field): \(answer.body)")
            #expect(answer.message.hasPrefix(field + ":"), "\(endpoint) with \(field): \(answer.message)")
            #expect(answer.message.contains("by hand"), "the answer says what to do: \(answer.message)")
            #expect((answer.object["errors"] as? [[String: Any]])?.first?["path"] as? String == field)
            #expect(!answer.body.contains(canary) && !answer.body.contains("md5"), "\(answer.body)")
        }
        #expect(fake.passwords == [api.server.password.unredacted], "no reference was read and sent: \(fake.passwords.count) logins")
        #expect(!api.daemon.log.contains(canary))

        // PUT and DELETE on a real integration: the same refusal, nothing changes.
        let real = try api.seedBody("seed-userpassword", database: database)
        let created = try api.client.request("POST", "/integrations", body: real)
        #expect(created.status == 200, "\(created.body)")
        let id = try #require(created.object["id"] as? String)
        try await api.waitFor(id, status: "enabled")
        let put = try api.client.request("PUT", "/integrations/\(id)", body: try api.bodyNamingFile(secretFile, database: database))
        #expect(put.status == 400, "\(put.body)")
        #expect(put.message.hasPrefix("config.passwordFile:"), "\(put.message)")
        for (credentials, field) in [
            (#"{"username": "u", "passwordFile": "\#(secretFile)"}"#, "passwordFile"),
            (#"{"username": "u", "passwordCredential": "admin"}"#, "passwordCredential"),
            (#"{"authenticationType": "okta", "okta": {"username": "u", "passwordFile": "\#(secretFile)"}}"#, "okta.passwordFile"),
        ] {
            let answer = try api.client.request("DELETE", "/integrations/\(id)", body: credentials)
            #expect(answer.status == 400, "\(answer.body)")
            #expect(answer.message.hasPrefix(field + ":"), "\(answer.message)")
            #expect(answer.message.contains("inline"), "\(answer.message)")
        }
        let after = try api.client.request("GET", "/integrations/\(id)")
        #expect(after.object["status"] as? String == "enabled")
        #expect(fake.passwords.count == 1)

        let gone = try api.client.request("DELETE", "/integrations/\(id)", body: #"{"username": "\#(api.server.superuser)", "password": "\#(api.server.password.unredacted)"}"#)
        #expect(gone.status == 200, "\(gone.body)")
        try await api.waitFor(id, status: "deleted")
        try await api.stop()
    }
}
