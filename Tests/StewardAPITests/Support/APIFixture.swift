import Foundation
import StewardTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A daemon with the HTTP API on a free loopback port and a unix socket, against the test
/// PostgreSQL, with its own folders.
struct APIFixture {
    static let key = "k" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    static let secondKey = "second-" + UUID().uuidString.lowercased()

    let server: TestPostgres.Server
    let dir: TemporaryDirectory
    let specs: String
    let state: String
    let socket: String
    let port: Int
    let daemon: DaemonProcess
    /// The TCP listener with the valid key.
    let client: APIClient

    /// With `caCertificate`, the TCP listener is TLS with a certificate that CA signed.
    init(extraArguments: [String] = [], environment: [String: String]? = nil, caCertificate: String? = nil) async throws {
        server = try await TestPostgres.shared.start()
        dir = try TemporaryDirectory("steward-api")
        specs = dir.file("integrations.d")
        state = dir.file("state")
        socket = dir.file("api.sock")
        try FileManager.default.createDirectory(atPath: specs, withIntermediateDirectories: true)
        let keys = try dir.write("api-keys", "# rotation: both keys are valid\n\(Self.key)\n\(Self.secondKey)\n")
        port = try TestPostgres.freePortForTests()
        daemon = try DaemonProcess(specDirectory: specs, stateDirectory: state, extraArguments: [
            "--api-listen", "127.0.0.1:\(port)", "--api-listen", "unix:\(socket)", "--api-key-file", keys,
        ] + extraArguments, environment: environment)
        client = APIClient(base: "\(caCertificate == nil ? "http" : "https")://127.0.0.1:\(port)", authorization: Self.key,
                           caCertificate: caCertificate)
        try await waitForHealth()
    }

    /// The unix socket listener, with the valid key.
    var unixClient: APIClient { APIClient(base: "http://localhost", unixSocket: socket, authorization: Self.key) }

    /// A deadline, not a measure: a daemon that starts with the whole suite running beside it
    /// on two cores may take a while to answer.
    func waitForHealth() async throws {
        let deadline = ContinuousClock.now + .seconds(90)
        while ContinuousClock.now < deadline {
            if let answer = try? client.request("GET", "/readyz"), answer.status == 200 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestSupportError("the API did not become ready; log:\n\(daemon.log.suffix(3000))")
    }

    /// Polls `GET /integrations/{id}` until its status is `status`.
    @discardableResult
    func waitFor(_ id: String, status: String, timeout: Duration = .seconds(60)) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + timeout
        var last: [String: Any] = [:]
        while ContinuousClock.now < deadline {
            last = try client.request("GET", "/integrations/\(id)").object
            if last["status"] as? String == status { return last }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestSupportError("integration \(id) did not reach \(status); last: \(last["status"] ?? "-") \(last["lastError"] ?? "")\n"
            + "log:\n\(daemon.log.suffix(3000))")
    }

    /// A seed example body (`Config/examples/NAME.json`) pointed at the test server.
    func seedBody(_ example: String, database: String, host: String? = nil, password: String? = nil,
                  username: String? = nil, change: (inout [String: Any]) -> Void = { _ in }) throws -> String {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Config/examples/\(example).json")
        var body = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        var config = try #require(body["config"] as? [String: Any])
        config["host"] = host ?? server.host
        config["port"] = server.port
        config["database"] = database
        config["initialDatabase"] = "postgres"
        config["sslMode"] = "disable"
        config["connectTimeout"] = 5
        if config["username"] != nil {
            config["username"] = username ?? server.superuser
            config["password"] = password ?? server.password.unredacted
        }
        body["config"] = config
        change(&body)
        return String(decoding: try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys]), as: UTF8.self)
    }

    /// The seed's userPassword body with `passwordFile: path` in place of the password: what
    /// a caller would send to make the daemon read a file of its choosing.
    func bodyNamingFile(_ path: String, database: String) throws -> String {
        try seedBody("seed-userpassword", database: database) { body in
            var config = body["config"] as? [String: Any] ?? [:]
            config["password"] = nil
            config["passwordFile"] = path
            body["config"] = config
        }
    }

    func stop() async throws {
        #expect(try await daemon.stop() == 0)
    }

    /// Drops the database and system account of integration `id` (and `roles`) from the shared
    /// server; call while the API runs.
    func dropObjects(of id: String, roles: [String] = []) async {
        let view = (try? client.request("GET", "/integrations/\(id)").object) ?? [:]
        let database = ((view["config"] as? [String: Any])?["database"] as? String).map { [$0] } ?? []
        let account = (view["systemAccount"] as? String).map { [$0] } ?? []
        await drop(databases: database, roles: roles + account)
    }

    /// Drops what a test made on the shared server.
    func drop(databases: [String], roles: [String]) async {
        for database in databases { try? await Catalog.execute(server, "DROP DATABASE IF EXISTS \"\(database)\" WITH (FORCE)") }
        for role in roles { try? await Catalog.execute(server, "DROP ROLE IF EXISTS \"\(role)\"") }
    }
}
