import Foundation
import StewardTestSupport
import Testing

/// Keys, listeners and the operations endpoints of a running daemon.
@Suite struct AuthAndOperationsTests {
    @Test func keysAreRequiredAndComparedAsTheSeedSendsThem() async throws {
        let api = try await APIFixture()
        defer { api.dir.remove() }
        let missing = try api.client.with(authorization: nil).request("GET", "/integrations")
        #expect(missing.status == 401)
        #expect(missing.object["statusCode"] as? Int == 401)
        #expect(missing.object["error"] as? String == "Unauthorized")
        #expect(!missing.message.isEmpty)
        let wrong = try api.client.with(authorization: APIFixture.key + "x").request("GET", "/integrations")
        #expect(wrong.status == 401)
        #expect(wrong.message.contains("not valid"))
        #expect(try api.client.with(authorization: "Bearer \(APIFixture.key)").request("GET", "/integrations").status == 200)
        #expect(try api.client.with(authorization: APIFixture.secondKey).request("GET", "/integrations").status == 200, "rotation: every key in the file is valid")
        for path in ["/integrations/1", "/integrations/1/status"] {
            #expect(try api.client.with(authorization: nil).request("GET", path).status == 401)
        }
        #expect(try api.client.with(authorization: nil).request("POST", "/integrations/scripts/initial-create", body: "{}").status == 401)

        // No key for health, readiness, metrics and the document on a loopback listener.
        for path in ["/healthz", "/readyz", "/metrics", "/openapi.json"] {
            #expect(try api.client.with(authorization: nil).request("GET", path).status == 200, "\(path)")
        }
        // The unix socket serves the same API.
        #expect(try api.unixClient.request("GET", "/integrations").status == 200)
        #expect(try api.unixClient.with(authorization: nil).request("GET", "/integrations").status == 401)
        // Unknown routes answer in the same JSON shape.
        let unknown = try api.client.request("GET", "/nothing-here")
        #expect(unknown.status == 404)
        #expect(unknown.object["statusCode"] as? Int == 404)
        #expect(!api.daemon.log.contains(APIFixture.key), "keys are never logged")
        try await api.stop()
    }

    @Test func metricsParseAsPrometheusText() async throws {
        let api = try await APIFixture()
        defer { api.dir.remove() }
        let database = TestNames.unique("metrics")
        let created = try api.client.request("POST", "/integrations", body: try api.seedBody("seed-userpassword", database: database))
        let id = try #require(created.object["id"] as? String)
        try await api.waitFor(id, status: "enabled")

        let answer = try api.client.request("GET", "/metrics", accept: "text/plain")
        #expect(answer.status == 200)
        #expect(answer.headers.lowercased().contains("content-type: text/plain; version=0.0.4"))
        let families = try PrometheusParser.parse(answer.body)
        for (name, type) in [("steward_reconciles_total", "counter"), ("steward_reconcile_duration_seconds", "histogram"),
                             ("steward_queue_depth", "gauge"), ("steward_retries_total", "counter"), ("steward_integrations", "gauge"),
                             ("steward_last_resync_timestamp_seconds", "gauge")] {
            #expect(families[name]?.type == type, "\(name)")
        }
        #expect((families["steward_reconciles_total"]?.value(["result": "success"]) ?? 0) >= 1)
        #expect(families["steward_integrations"]?.value(["status": "enabled"]) == 1)
        #expect((families["steward_reconcile_duration_seconds"]?.value(["le": "+Inf"], suffix: "_bucket") ?? 0) >= 1)
        #expect((families["steward_last_resync_timestamp_seconds"]?.value([:]) ?? 0) > 1_600_000_000)
        await api.dropObjects(of: id)
        try await api.stop()
    }

    @Test func anAddressOtherThanLoopbackNeedsTLS() async throws {
        let dir = try TemporaryDirectory("steward-api-tls")
        defer { dir.remove() }
        let keys = try dir.write("keys", APIFixture.key + "\n")
        let refused = try Subprocess.steward(["run", "--spec-dir", dir.file("specs"), "--state-dir", dir.file("state"),
                                              "--api-listen", "0.0.0.0:8787", "--api-key-file", keys])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("0.0.0.0:8787 is reachable from other machines, so it needs TLS"), "\(refused.stderr)")
        let noKeys = try Subprocess.steward(["run", "--spec-dir", dir.file("specs"), "--state-dir", dir.file("state"),
                                             "--api-listen", "127.0.0.1:8787"])
        #expect(noKeys.status == 2)
        #expect(noKeys.stderr.contains("apiKeyFile"), "\(noKeys.stderr)")
        // The same settings from the config file's api: section, checked key by key.
        let config = try dir.write("steward.yaml", "api:\n  listen: [\"0.0.0.0:8787\"]\n  apiKeyFile: \(keys)\n")
        let fromFile = try Subprocess.steward(["run", "--config", config, "--spec-dir", dir.file("specs"), "--state-dir", dir.file("state")])
        #expect(fromFile.status == 2)
        #expect(fromFile.stderr.contains("needs TLS"), "\(fromFile.stderr)")
        let typo = try dir.write("typo.yaml", "api:\n  listen: [\"127.0.0.1:8787\"]\n  apiKeyFiles: \(keys)\n")
        let unknown = try Subprocess.steward(["run", "--config", typo, "--spec-dir", dir.file("specs"), "--state-dir", dir.file("state")])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("api.apiKeyFiles: unknown setting"), "\(unknown.stderr)")
    }

    @Test func tlsServesWithTheGivenCertificate() async throws {
        let dir = try TemporaryDirectory("steward-api-tls")
        defer { dir.remove() }
        let cert = dir.file("cert.pem")
        let key = dir.file("key.pem")
        let made = try Subprocess.run("/usr/bin/openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                                                           "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1"])
        try #require(made.status == 0, "\(made.stderr)")
        let api = try await APIFixture(extraArguments: ["--api-tls-certificate", cert, "--api-tls-key", key], caCertificate: cert)
        defer { api.dir.remove() }
        #expect(try api.client.request("GET", "/integrations").status == 200)
        let plain = APIClient(base: "http://127.0.0.1:\(api.port)", authorization: APIFixture.key)
        #expect(throws: (any Error).self) { try plain.request("GET", "/integrations") }
        #expect(try api.unixClient.request("GET", "/integrations").status == 200, "the unix socket stays plain HTTP")
        try await api.stop()
    }
}
