import Foundation
import StewardTestSupport
import StewardWarehouse
import Testing

/// Okta federation through `steward apply`, end to end on this machine: a fake Okta IdP, moto
/// serving STS and Redshift, and the test PostgreSQL accepting the `IAM:` user that
/// GetClusterCredentials names (members of `steward_federated` are trusted on loopback).
@Suite struct OktaFederationTests {
    static let oktaPassword = "Okta-Pw-Canary-4821"

    struct World {
        let server: TestPostgres.Server
        let okta: FakeOktaServer
        let moto: MotoServer
        let dir: TemporaryDirectory
        let name: String
        let cluster: String

        init(_ prefix: String, username: String? = nil, dbUser: String? = nil, roles: [String] = ["admin"]) async throws {
            server = try await TestPostgres.shared.start()
            name = TestNames.unique(prefix)
            okta = try await FakeOktaServer.start(username: username ?? "\(name)@example.com", password: OktaFederationTests.oktaPassword,
                                                  roles: roles, dbUser: dbUser)
            moto = try await MotoServer.start()
            cluster = name.replacingOccurrences(of: "_", with: "-")
            try moto.createCluster(identifier: cluster)
            dir = try TemporaryDirectory()
        }

        var database: String { "db_\(name)" }
        var state: String { dir.file("state") }

        func spec(automatic: Bool = true, password: String = OktaFederationTests.oktaPassword, role: String = "admin",
                  cluster: String? = nil, extra: String = "") throws -> String {
            try dir.write("\(name).json", """
                {"type": "Redshift", "autoBootstrap": \(automatic), "config": {
                  "host": "\(server.host)", "port": \(server.port), "database": "\(database)", "initialDatabase": "postgres",
                  "sslMode": "disable", "clusterIdentifier": "\(cluster ?? self.cluster)", "region": "us-east-1",
                  "authenticationType": "okta",
                  "okta": {"username": "\(okta.username)", "password": "\(password)", "appId": "\(okta.appId)",
                           "idpHost": "\(okta.baseURL)", "role": "\(role)"}\(extra)}}
                """)
        }

        func apply(_ file: String, environment extra: [String: String] = [:]) throws -> (view: [String: Any], result: Subprocess.Result) {
            let environment = ["PATH": "/usr/bin:/bin"].merging(moto.environment) { $1 }.merging(extra) { $1 }
            let result = try Subprocess.steward(["apply", file, "--state-dir", state], environment: environment)
            let view = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stderr)")
            return (view, result)
        }

        func test(_ view: [String: Any], _ name: String) -> [String: Any]? {
            let tests = (view["validationResults"] as? [String: Any])?["validationTests"] as? [[String: Any]] ?? []
            return tests.first { $0["name"] as? String == name }
        }

        func cleanup(roles: [String]) async {
            _ = try? await Catalog.execute(server, "DROP DATABASE IF EXISTS \"\(database)\" WITH (FORCE)")
            for role in roles { _ = try? await Catalog.execute(server, "DROP ROLE IF EXISTS \"\(role)\"") }
            okta.stop()
            dir.remove()
        }
    }

    /// Automatic setup with the privileged account federated: Okta → SAML → STS → Redshift →
    /// libpq as `IAM:<DbUser>`, which creates the database and the system account.
    @Test func automaticSetupLogsInThroughOkta() async throws {
        let dbUser = "admin_\(String(UUID().uuidString.prefix(8)).lowercased())"
        let world = try await World("oktaauto", dbUser: dbUser)
        #expect(try world.okta.stats().authn == 0)
        // The IAM user GetClusterCredentials names must exist and be trusted.
        let login = "IAM:\(dbUser)"
        try await Catalog.execute(world.server, "CREATE ROLE \"\(login)\" LOGIN CREATEDB CREATEROLE IN ROLE \(TestPostgres.federatedGroup)")
        let applied = try world.apply(try world.spec())
        #expect(applied.view["status"] as? String == "enabled", "\(applied.view["lastError"] ?? applied.result.stderr)")
        #expect(world.test(applied.view, "Initial Validation: Federated Login")?["status"] as? String == "passed")
        let owner = try await Catalog.query(world.server, "SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = $1", [world.database])
        #expect(owner.value("owner") == login, "the database was created by the federated user")
        #expect(try world.okta.stats().authnSucceeded == 1)
        // The Okta password never leaves: not in the output, the state directory or the store.
        #expect(!applied.result.stdout.contains(Self.oktaPassword) && !applied.result.stderr.contains(Self.oktaPassword))
        for (path, data) in world.dir.allFileContents(excluding: ["\(world.name).json"]) {
            #expect(!String(decoding: data, as: UTF8.self).contains(Self.oktaPassword), "canary in \(path)")
        }
        await world.cleanup(roles: ["steward_\(world.name)", login])
    }

    @Test func manualSetupWithOktaChecksAsTheFederatedUser() async throws {
        let world = try await World("oktaman")
        let spec = try world.spec(automatic: false)
        for kind in ["initial-create", "create"] {
            let script = try Subprocess.steward(["script", kind, spec, "--dialect", "postgresql"])
            #expect(script.status == 0, "\(script.stderr)")
            #expect(!script.stdout.contains(Self.oktaPassword))
            let file = try world.dir.write("\(kind).sql", script.stdout)
            let ran = try Psql.run(file: file, server: world.server, database: kind == "create" ? world.database : "postgres")
            #expect(ran.status == 0, "\(ran.stderr)")
            if kind == "initial-create" {
                // The scripts create IAM:<okta user>; the test server trusts it as a federated login.
                try await Catalog.execute(world.server, "GRANT \(TestPostgres.federatedGroup) TO \"IAM:\(world.okta.username)\"")
            }
        }
        let applied = try world.apply(spec)
        #expect(applied.view["status"] as? String == "enabled", "\(applied.view["lastError"] ?? applied.result.stderr)")
        #expect(world.test(applied.view, "Validate Manual Setup: System Account")?["status"] as? String == "passed")
        await world.cleanup(roles: ["IAM:\(world.okta.username)"])
    }

    @Test func everyFailureIsAValidationTestThatSaysWhatToFix() async throws {
        let world = try await World("oktafail")
        func failed(_ file: String, environment: [String: String] = [:]) throws -> (String, String, String) {
            let (view, _) = try world.apply(file, environment: environment)
            #expect(view["status"] as? String == "createError")
            let tests = (view["validationResults"] as? [String: Any])?["validationTests"] as? [[String: Any]] ?? []
            let failure = tests.first { $0["status"] as? String == "failed" }
            return (failure?["name"] as? String ?? "", failure?["message"] as? String ?? "", view["lastError"] as? String ?? "")
        }
        let wrong = try failed(try world.spec(password: "Wrong-Pw-1"))
        #expect(wrong.0 == "Initial Validation: Okta Authentication")
        #expect(wrong.1.contains("okta.password"), "\(wrong.1)")
        #expect(!wrong.1.contains("Wrong-Pw-1"))

        let role = try failed(try world.spec(role: "auditor"))
        #expect(role.0 == "Initial Validation: IAM Role Selection")
        #expect(role.1.contains("admin"), "lists the roles on offer: \(role.1)")

        let sts = try failed(try world.spec(), environment: ["AWS_ENDPOINT_URL_STS": world.okta.refusingSTSURL])
        #expect(sts.0 == "Initial Validation: STS AssumeRoleWithSAML")

        let cluster = try failed(try world.spec(cluster: "no-such-cluster"))
        #expect(cluster.0 == "Initial Validation: Redshift GetClusterCredentials")
        #expect(cluster.1.contains("no-such-cluster"))
        await world.cleanup(roles: [])
    }
}
