import Foundation
import StewardSpec
import StewardTestSupport
import StewardWarehouse

/// The one database, integration and pool of logins a model-based run shares across its cases.
struct ModelWorld: Sendable {
    let server: TestPostgres.Server
    let dir: TemporaryDirectory
    /// The integration's name (and its spec file's).
    let name: String
    let database: String
    let state: String
    let logins: [String]
    /// A login outside the pool, made a member of the impersonation role: it reads as each login
    /// of the pool in turn through `immuta_procedures.impersonate_user`.
    let impersonator: String
    /// The role the spec names for impersonation (Steward creates it).
    let impersonationRole: String
    let password = "Model-Pw-12345"

    /// The system account Steward creates for the integration.
    var system: String { "steward_" + name.replacingOccurrences(of: "-", with: "_") }

    init(logins count: Int) async throws {
        server = try await TestPostgres.shared.start()
        dir = try TemporaryDirectory()
        let name = TestNames.unique("model")
        self.name = name
        database = "db_\(name)"
        state = dir.file("state")
        logins = (0..<count).map { "m\($0)_\(name)" }
        impersonator = "imp_\(name)"
        impersonationRole = "impr_\(name)"
        try await Catalog.execute(server, "CREATE DATABASE \"\(database)\"")
        for login in logins + [impersonator] {
            try await Catalog.execute(server, "CREATE ROLE \"\(login)\" LOGIN PASSWORD '\(password)'")
        }
    }

    /// Runs statements in order as the superuser, on one connection.
    func execute(_ statements: [String]) async throws {
        let connection = try await PGConnection.connect(server.parameters(database: database))
        defer { connection.close() }
        for statement in statements { _ = try await connection.query(statement) }
    }

    /// Creates a case's schema with its tables, rows and pre-existing grants.
    func create(_ tables: [ModelTable], schema: String) async throws {
        var statements = ["CREATE SCHEMA \"\(schema)\"", "GRANT USAGE ON SCHEMA \"\(schema)\" TO PUBLIC"]
        for table in tables {
            statements.append("CREATE TABLE \(table.qualified) (\(table.columns.map { "\"\($0.name)\" \($0.type)" }.joined(separator: ", ")))")
            let rows = table.rows.map { row in
                "(" + zip(row, table.columns).map { value, column in
                    value.map { "CAST('\($0.replacingOccurrences(of: "'", with: "''"))' AS \(column.type))" } ?? "NULL"
                }.joined(separator: ", ") + ")"
            }
            statements.append("INSERT INTO \(table.qualified) VALUES \(rows.joined(separator: ", "))")
            for grant in table.preGrants {
                switch grant {
                case .toPublic: statements.append("GRANT SELECT ON \(table.qualified) TO PUBLIC")
                case .toLogin(let index): statements.append("GRANT SELECT ON \(table.qualified) TO \"\(logins[index])\"")
                }
            }
        }
        try await execute(statements)
    }

    /// The table's rows as the warehouse stores them (text forms), read as the superuser: the
    /// model's input.
    func storedRows(_ table: ModelTable) async throws -> [[String: String?]] {
        let result = try await Catalog.query(server, "SELECT * FROM \(table.qualified)", database: database)
        return result.rows.map { row in
            Dictionary(uniqueKeysWithValues: zip(result.columns, row).map { ($0, $1) })
        }
    }

    struct Applied {
        var status: String?
        var lastError: String?
        var stderr: String
    }

    /// `steward apply` of the spec with this governance (a JSON spec file).
    func apply(_ governance: Governance) throws -> Applied {
        let config: [String: Any] = [
            "host": server.host, "port": server.port, "database": database, "existingDatabase": true,
            "initialDatabase": "postgres", "username": server.superuser, "password": server.password.unredacted, "sslMode": "disable",
            "impersonation": ["enabled": true, "role": impersonationRole],
        ]
        var spec: [String: Any] = ["type": "Redshift", "autoBootstrap": true, "config": config]
        let encoded = try JSONSerialization.jsonObject(with: JSONEncoder().encode(governance)) as? [String: Any] ?? [:]
        spec.merge(encoded) { first, _ in first }
        let file = try dir.write("\(name).json", String(decoding: try JSONSerialization.data(withJSONObject: spec), as: UTF8.self))
        let result = try Subprocess.steward(["apply", file, "--state-dir", state, "--log-level", "info"])
        let view = try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        return Applied(status: view?["status"] as? String, lastError: view?["lastError"] as? String, stderr: result.stderr)
    }

    /// A connection as `login`, with its password: a real login.
    func login(_ login: String) async throws -> PGConnection {
        try await PGConnection.connect(server.parameters(database: database).with(user: login, password: Secret(password)))
    }

    func cleanup() async {
        _ = try? await Catalog.execute(server, "DROP DATABASE IF EXISTS \"\(database)\" WITH (FORCE)")
        for login in logins + [impersonator, system, impersonationRole] { _ = try? await Catalog.execute(server, "DROP ROLE IF EXISTS \"\(login)\"") }
        dir.remove()
    }
}
