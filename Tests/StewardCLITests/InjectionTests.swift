import Foundation
import StewardTestSupport
import StewardWarehouse
import Testing

/// Hostile values in every string field that reaches the warehouse, against a PostgreSQL that
/// logs every statement and connection (its own server: `ServerLog.settings`).
///
/// `steward apply` runs once with plain names and once with hostile ones (quotes, `;`, `--`,
/// `$$`, `$1`, `/*`, a quote followed by a combining mark, `host=` in a database name); the
/// statements that ran must have the same shape, with names only as quoted identifiers and
/// values only as bind parameters or the password verifier. Values the spec refuses never reach
/// the server at all.
@Suite(.serialized) struct InjectionTests {
    static let postgres = TestPostgres(settings: ServerLog.settings)

    /// The strings of one integration that reach the server.
    struct Values {
        var integration: String
        var database: String
        var role: String
        var username: String
        var initialDatabase: String
        var password: String

        /// The system account Steward derives from the integration name.
        var systemAccount: String {
            "steward_" + String(integration.unicodeScalars.map { ("a"..."z").contains($0) || ("0"..."9").contains($0) ? Character($0) : "_" })
        }

        static func plain(_ tag: String) -> Values {
            Values(integration: "plain_\(tag)", database: "db_plain_\(tag)", role: "imp_plain_\(tag)", username: "adm_plain_\(tag)",
                   initialDatabase: "init_plain_\(tag)", password: "PlainPassword_\(tag)")
        }

        /// Valid for the spec, hostile for SQL. Every one fits in 63 bytes (PostgreSQL's limit).
        static func hostile(_ tag: String) -> Values {
            Values(integration: "x--y.z-\(tag)", database: "db$$x$1_\(tag)", role: "r$steward$$2_\(tag)",
                   username: "a\"'; DROP ROLE x; -- $$/*\"\u{301}é_\(tag)", initialDatabase: "i\"' host=203.0.113.1 --$$_\(tag)",
                   password: "p'\"; --$$\u{301}_\(tag)")
        }
    }

    @Test func hostileValuesDoNotChangeTheStatementsThatRun() async throws {
        let server = try await Self.postgres.start()
        let log = try ServerLog(server: server)
        let tag = String(UUID().uuidString.lowercased().prefix(8))
        let plain = Values.plain(tag), hostile = Values.hostile(tag)
        let plainRun = try await apply(plain, server: server, log: log)
        let hostileRun = try await apply(hostile, server: server, log: log)

        let plainStatements = try statements(plainRun), hostileStatements = try statements(hostileRun)
        #expect(hostileStatements.count >= 15, "too few statements: \(hostileStatements.map(\.text))")
        #expect(hostileStatements.map(\.skeleton) == plainStatements.map(\.skeleton),
                "the statements differ:\n\(hostileStatements.map(\.skeleton).joined(separator: "\n"))\n---\n\(plainStatements.map(\.skeleton).joined(separator: "\n"))")

        let allowed: Set<String> = [hostile.database, hostile.role, hostile.username, hostile.systemAccount,
                                    "immuta_system", "immuta_functions", "immuta_procedures", "steward_marker"]
        for (statement, reference) in zip(hostileStatements, plainStatements) {
            for name in statement.identifiers { #expect(allowed.contains(name), "unexpected identifier \(name.debugDescription) in \(statement.text)") }
            // Literals are the catalog queries' own constants, or a password verifier.
            #expect(statement.literals.map(Self.maskingVerifiers) == reference.literals.map(Self.maskingVerifiers), "\(statement.text)")
            #expect(!statement.text.contains(hostile.integration), "the integration name in SQL text: \(statement.text)")
        }
        #expect(hostileStatements.contains { $0.literals.contains { $0.hasPrefix("SCRAM-SHA-256$") } })
        // The hostile user is granted the system account's role by quoted name.
        #expect(hostileStatements.contains { $0.skeleton == "GRANT <I> TO <I>" && $0.identifiers == [hostile.systemAccount, hostile.username] })
        // The integration name travels as a parameter (the ownership marker).
        #expect(hostileRun.contains { $0.detail?.contains(hostile.integration) == true }, "the integration name is in no parameter")
        // initialDatabase is a connection parameter, never parsed as a connection string.
        #expect(hostileRun.contains { $0.message.hasPrefix("connection authorized") && $0.user == hostile.username && $0.database == hostile.initialDatabase })
        #expect(!hostileRun.contains { ["ERROR", "FATAL", "PANIC"].contains($0.severity) }, "\(hostileRun.filter { $0.severity == "ERROR" }.map(\.message))")
        let whole = (try? String(contentsOfFile: log.path, encoding: .utf8)) ?? ""
        #expect(!whole.contains(hostile.password) && !whole.contains(plain.password), "a privileged password is in the server log")
        print("injection: \(hostileStatements.count) statements, \(Set(hostileStatements.map(\.skeleton)).count) shapes, "
              + "the same with plain and hostile names")
        try await cleanUp(server, [plain, hostile])
    }

    @Test func rejectedValuesNeverReachTheServer() async throws {
        let server = try await Self.postgres.start()
        let log = try ServerLog(server: server)
        let dir = try TemporaryDirectory("steward-rejected")
        defer { dir.remove() }
        let tag = String(UUID().uuidString.lowercased().prefix(8))
        let base = Values.plain(tag)
        var cases: [(file: String, values: Values)] = []
        for (label, change) in [("nul", { (v: inout Values) in v.database = "db\u{0}x" }),
                                ("long", { (v: inout Values) in v.username = String(repeating: "u", count: 128) }),
                                ("quote", { (v: inout Values) in v.role = "r\"; DROP ROLE x; --" }),
                                ("newline", { (v: inout Values) in v.initialDatabase = "postgres\nx" })] as [(String, (inout Values) -> Void)] {
            var values = base
            change(&values)
            cases.append(("rejected-\(label)-\(tag).yaml", values))
        }
        cases.append(("Rejected;Name-\(tag).yaml", base))
        let start = try await log.mark(server)
        for (file, values) in cases {
            let path = try dir.write(file, spec(values, server: server))
            let result = try Subprocess.steward(["apply", path, "--state-dir", dir.file("state")])
            #expect(result.status != 0, "\(file) was applied")
            #expect(!result.stdout.contains("\"enabled\""))
        }
        let end = try await log.mark(server)
        let reached = log.between(start, end)
        #expect(reached.isEmpty, "a refused spec reached the server: \(reached.map(\.message))")
    }

    // MARK: - Helpers

    /// Creates the account and initial database of `values`, applies its spec once (it must end
    /// `enabled`), and returns the client entries the server logged meanwhile.
    func apply(_ values: Values, server: TestPostgres.Server, log: ServerLog) async throws -> [ServerLog.Entry] {
        let verifier = SCRAMVerifier.make(password: .init(values.password)).unredacted
        for template in ["CREATE ROLE %I LOGIN CREATEDB CREATEROLE PASSWORD %L", "CREATE DATABASE %I"] {
            let argument = template.hasPrefix("CREATE DATABASE") ? values.initialDatabase : values.username
            let built = try await Catalog.query(server, "SELECT format($1, $2::text, $3::text) AS sql", [template, argument, verifier])
            try await Catalog.execute(server, built.value("sql") ?? "")
        }
        let dir = try TemporaryDirectory("steward-injection")
        defer { dir.remove() }
        let file = try dir.write("\(values.integration).yaml", spec(values, server: server))
        let start = try await log.mark(server)
        let result = try Subprocess.steward(["apply", file, "--state-dir", dir.file("state")])
        let end = try await log.mark(server)
        #expect(result.status == 0, "apply \(values.integration.debugDescription): \(result.stdout.suffix(3000)) \(result.stderr.suffix(1500))")
        return log.between(start, end)
    }

    /// A spec with every hostile string double-quoted for YAML.
    func spec(_ values: Values, server: TestPostgres.Server) -> String {
        func quoted(_ text: String) -> String {
            "\"" + text.unicodeScalars.map { scalar in
                switch scalar {
                case "\"": "\\\""
                case "\\": "\\\\"
                case _ where scalar.value < 0x20: "\\x" + String(format: "%02x", scalar.value)
                default: String(scalar)
                }
            }.joined() + "\""
        }
        return """
            type: Redshift
            autoBootstrap: true
            config:
              host: \(server.host)
              port: \(server.port)
              database: \(quoted(values.database))
              initialDatabase: \(quoted(values.initialDatabase))
              impersonation: {enabled: true, role: \(quoted(values.role))}
              username: \(quoted(values.username))
              password: \(quoted(values.password))
              sslMode: disable
              connectTimeout: 5
            """
    }

    static func maskingVerifiers(_ literal: String) -> String {
        literal.hasPrefix("SCRAM-SHA-256$") ? "<verifier>" : literal
    }

    struct LoggedStatement {
        var text: String
        var skeleton: String
        var identifiers: [String]
        var literals: [String]
    }

    /// The logged statements, session by session (each session's in the order it ran them).
    /// Steward runs some sessions side by side (the system account's login beside the managed
    /// database's steps, two observations at once), so the server interleaves their lines in
    /// either order; sessions are put in the order of their statements' shapes instead.
    func statements(_ entries: [ServerLog.Entry]) throws -> [LoggedStatement] {
        var sessions: [Int: [LoggedStatement]] = [:]
        var order: [Int] = []
        for entry in entries {
            guard let text = entry.statement else { continue }
            let lexed = try SQLLexer.lex(text)
            if sessions[entry.pid] == nil { order.append(entry.pid) }
            sessions[entry.pid, default: []].append(LoggedStatement(
                text: text, skeleton: String(decoding: lexed.skeleton, as: UTF8.self),
                identifiers: lexed.identifiers.map { String(decoding: $0, as: UTF8.self) },
                literals: lexed.literals.map { String(decoding: $0, as: UTF8.self) }))
        }
        let grouped = order.compactMap { sessions[$0] }
        return grouped.sorted { $0.map(\.skeleton).joined(separator: "\n") < $1.map(\.skeleton).joined(separator: "\n") }.flatMap { $0 }
    }

    func cleanUp(_ server: TestPostgres.Server, _ runs: [Values]) async throws {
        for values in runs {
            for (template, name) in [("DROP DATABASE IF EXISTS %I WITH (FORCE)", values.database),
                                     ("DROP DATABASE IF EXISTS %I WITH (FORCE)", values.initialDatabase),
                                     ("DROP ROLE IF EXISTS %I", values.role), ("DROP ROLE IF EXISTS %I", values.systemAccount),
                                     ("DROP ROLE IF EXISTS %I", values.username)] {
                let built = try await Catalog.query(server, "SELECT format($1, $2::text) AS sql", [template, name])
                try await Catalog.execute(server, built.value("sql") ?? "")
            }
        }
    }
}
