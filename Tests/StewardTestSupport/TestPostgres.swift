import Foundation
import Synchronization
import StewardSpec
import StewardWarehouse
#if canImport(Glibc)
import Glibc
#endif

/// A real PostgreSQL 15 for tests, started once per test process in a temporary folder with
/// password (scram-sha-256) authentication on loopback, and stopped when the process exits.
///
/// If `STEWARD_TEST_PG_PORT` and `STEWARD_TEST_PG_PASSWORD` are set (and optionally
/// `STEWARD_TEST_PG_USER`), that server is used instead.
///
/// `shared` is the server most tests use; a test that needs other server settings (statement
/// logging, say) makes an instance of its own with `init(settings:)`, which always starts a
/// server here.
package actor TestPostgres {
    package static let shared = TestPostgres()

    /// Extra `-c NAME=VALUE` settings (values without spaces); relative paths are relative to
    /// the data directory.
    let settings: [(name: String, value: String)]

    package init(settings: [(name: String, value: String)] = []) {
        self.settings = settings
    }

    package struct Server: Sendable {
        package var host: String
        package var port: Int
        package var superuser: String
        package var password: Secret
        package var dataDirectory: String?

        package init(host: String, port: Int, superuser: String, password: Secret, dataDirectory: String?) {
            self.host = host
            self.port = port
            self.superuser = superuser
            self.password = password
            self.dataDirectory = dataDirectory
        }

        /// Connection parameters for the superuser.
        package func parameters(database: String = "postgres", host: String? = nil) -> ConnectionParameters {
            ConnectionParameters(host: host ?? self.host, port: port, database: database, user: superuser,
                                 password: password, sslMode: .disable, connectTimeout: 5)
        }
    }

    private var server: Server?
    private var starting: Task<Server, any Error>?

    /// The running server, started on first use.
    package func start() async throws -> Server {
        if let server { return server }
        if let starting { return try await starting.value }
        let task = Task {
            let server = try Self.launch(settings: settings)
            if server.dataDirectory != nil {
                let connection = try await PGConnection.connect(server.parameters())
                defer { connection.close() }
                try await connection.query("CREATE ROLE \(Self.federatedGroup) NOLOGIN")
            }
            return server
        }
        starting = task
        let started = try await task.value
        server = started
        return started
    }

    /// The group whose members log in without a password check (see `launch`).
    package static let federatedGroup = "steward_federated"

    /// Loopback addresses the test server listens on (several, so tests can use distinct hosts).
    package static let loopbackHosts = (1...20).map { "127.0.0.\($0)" }

    private static func launch(settings: [(name: String, value: String)]) throws -> Server {
        let env = ProcessInfo.processInfo.environment
        if settings.isEmpty, let port = env["STEWARD_TEST_PG_PORT"].flatMap(Int.init), let password = env["STEWARD_TEST_PG_PASSWORD"] {
            return Server(host: "127.0.0.1", port: port, superuser: env["STEWARD_TEST_PG_USER"] ?? "postgres",
                          password: Secret(password), dataDirectory: nil)
        }
        let bin = try findBinDirectory()
        let root = try makeTemporaryDirectory()
        let data = root + "/data"
        let socket = root + "/sock"
        let superuser = "steward_test_admin"
        let password = "T" + UUID().uuidString.replacingOccurrences(of: "-", with: "")
        try FileManager.default.createDirectory(atPath: socket, withIntermediateDirectories: true)
        try password.write(toFile: root + "/pwfile", atomically: false, encoding: .utf8)
        let asRoot = geteuid() == 0
        if asRoot { try run("/bin/chown", ["-R", "postgres:postgres", root]) }
        try run(bin + "/initdb", ["-D", data, "-U", superuser, "--pwfile=" + root + "/pwfile",
                                  "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--no-sync"], asPostgres: asRoot)
        try? FileManager.default.removeItem(atPath: root + "/pwfile")
        // Members of `steward_federated` stand for Redshift's IAM users (`IAM:name`), whose
        // temporary passwords come from GetClusterCredentials: PostgreSQL cannot check those.
        let hba = "local all all trust\nhost all +\(federatedGroup) 127.0.0.0/8 trust\nhost all all 127.0.0.0/8 scram-sha-256\n"
        try hba.write(toFile: data + "/pg_hba.conf", atomically: false, encoding: .utf8)
        if asRoot { try run("/bin/chown", ["postgres:postgres", data + "/pg_hba.conf"]) }
        var lastError: (any Error)?
        for _ in 0..<5 {
            let port = try freePort()
            let options = "-p \(port) -k \(socket) -c listen_addresses=\(loopbackHosts.joined(separator: ",")) "
                + "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300 -c password_encryption=scram-sha-256"
                + settings.map { " -c \($0.name)=\($0.value)" }.joined()
            do {
                try run(bin + "/pg_ctl", ["-D", data, "-o", options, "-l", root + "/server.log", "-w", "-t", "60", "start"], asPostgres: asRoot)
                // Kept beside the data directory so a fault test can start the server again as it was.
                try options.write(toFile: root + "/start-options", atomically: false, encoding: .utf8)
                registerStop(bin: bin, data: data, root: root, asPostgres: asRoot)
                return Server(host: "127.0.0.1", port: port, superuser: superuser, password: Secret(password), dataDirectory: data)
            } catch {
                lastError = error
            }
        }
        throw lastError ?? TestSupportError("PostgreSQL did not start")
    }

    static func findBinDirectory() throws -> String {
        for candidate in ["/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/17/bin"]
        where FileManager.default.isExecutableFile(atPath: candidate + "/initdb") {
            return candidate
        }
        throw TestSupportError("initdb not found: install PostgreSQL 15 (apt-get install postgresql-15)")
    }

    static func makeTemporaryDirectory() throws -> String {
        var template = Array((NSTemporaryDirectory() + "steward-pg-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw TestSupportError("mkdtemp failed") }
        chmod(made, 0o755)
        return String(cString: made)
    }

    static func freePort() throws -> Int {
        let listener = try LoopbackSocket()
        defer { listener.close() }
        return listener.port
    }

    /// Runs a command to completion, as the `postgres` user when asked; throws with its output
    /// when it fails.
    @discardableResult
    static func run(_ path: String, _ arguments: [String], asPostgres: Bool = false) throws -> String {
        let argv = asPostgres ? ["-u", "postgres", "--", path] + arguments : arguments
        let result = try Subprocess.run(asPostgres ? "/usr/sbin/runuser" : path, argv)
        guard result.status == 0 else {
            throw TestSupportError("\(path) \(arguments.first ?? "") failed (\(result.status)): \(result.stdout)\(result.stderr)")
        }
        return result.stdout
    }

    private static func registerStop(bin: String, data: String, root: String, asPostgres: Bool) {
        let first = StopCommand.add("\(asPostgres ? "/usr/sbin/runuser -u postgres -- " : "")\(bin)/pg_ctl -D '\(data)' -m immediate -w stop >/dev/null 2>&1; rm -rf '\(root)'")
        if first {
            atexit {
                for command in StopCommand.all() { _ = system(command) }
            }
        }
    }
}

/// The shell commands that stop the test servers at exit (a C `atexit` handler cannot capture).
enum StopCommand {
    private static let storage = Mutex<[String]>([])
    /// Adds a command; true for the first, whose caller registers the handler.
    static func add(_ command: String) -> Bool {
        storage.withLock { commands in
            commands.append(command)
            return commands.count == 1
        }
    }
    static func all() -> [String] { storage.withLock { $0 } }
}

package struct TestSupportError: Error, CustomStringConvertible {
    package var description: String
    package init(_ description: String) { self.description = description }
}

extension TestPostgres {
    /// A loopback TCP port with nothing listening on it.
    package static func freePortForTests() throws -> Int { try freePort() }
}
