import Foundation

/// The statements a test server logged, for tests that must show who sent what: the server runs
/// with `log_statement=all` and `log_line_prefix=@@%a@@` (see ``settings``), so every entry of
/// its log file starts with the session's `application_name` between `@@` marks.
///
/// Steward names its warehouse sessions `steward/<integration name>`
/// (`ConnectionParameters.applicationName`), so a statement can be traced to the integration
/// it was sent for.
package struct StatementLog: Sendable {
    /// One statement as the server logged it.
    package struct Statement: Sendable, CustomStringConvertible {
        /// The session's `application_name` (empty for the server's own processes).
        package var application: String
        /// The statement's text, continuation lines included.
        package var sql: String

        /// Whether the statement may have changed something: anything but a read, a session
        /// setting or transaction control, and any call that ends other sessions.
        package var isWrite: Bool {
            let text = StatementLog.strippingLeadingComments(sql)
            let keyword = text.prefix { $0.isLetter }.uppercased()
            if text.range(of: "pg_terminate_backend", options: .caseInsensitive) != nil { return true }
            if text.range(of: "pg_cancel_backend", options: .caseInsensitive) != nil { return true }
            // `WITH` may hide a data-changing statement (`WITH x AS (DELETE ...)`).
            if keyword == "WITH" {
                return ["INSERT", "UPDATE", "DELETE", "MERGE"].contains { text.range(of: $0, options: .caseInsensitive) != nil }
            }
            return !StatementLog.readKeywords.contains(keyword)
        }

        package var description: String { "[\(application)] \(sql.prefix(300))" }
    }

    /// The settings that make a `TestPostgres(settings:)` server write such a log (values
    /// without spaces or shell characters: `pg_ctl` starts the server through a shell).
    package static let settings: [(name: String, value: String)] = [
        ("log_statement", "all"), ("log_line_prefix", "@@%a@@"),
    ]

    static let readKeywords: Set<String> = [
        "SELECT", "SHOW", "SET", "RESET", "BEGIN", "START", "COMMIT", "ROLLBACK", "END", "ABORT", "DISCARD",
        "EXPLAIN", "VALUES", "TABLE", "FETCH", "DECLARE", "CLOSE", "SAVEPOINT", "RELEASE", "LISTEN", "UNLISTEN",
        "DEALLOCATE", "PREPARE",
    ]

    /// The server's log file (`pg_ctl -l`, beside its data directory).
    package let path: String

    /// The log of a server this harness started (not one given by `STEWARD_TEST_PG_PORT`).
    package init(_ server: TestPostgres.Server) throws {
        guard let data = server.dataDirectory else {
            throw TestSupportError("the server was not started by the test harness (STEWARD_TEST_PG_PORT): its log cannot be read")
        }
        path = (data as NSString).deletingLastPathComponent + "/server.log"
    }

    /// How many bytes the log holds now: give it to ``statements(since:)`` to read what comes after.
    package func offset() throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.size] as? NSNumber)?.intValue ?? 0
    }

    /// Every statement logged after byte `offset`.
    package func statements(since offset: Int = 0) throws -> [Statement] {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw TestSupportError("cannot read \(path)") }
        defer { try? handle.close() }
        try handle.seek(toOffset: UInt64(offset))
        let data = try handle.readToEnd() ?? Data()
        return Self.parse(String(decoding: data, as: UTF8.self))
    }

    /// The statements of log text: an entry starts with `@@APP@@`; lines that do not are its
    /// continuation (a statement over several lines). Only `statement:` and `execute ...:`
    /// entries are statements; `DETAIL`, errors and the server's own messages are not.
    static func parse(_ text: String) -> [Statement] {
        var statements: [Statement] = []
        var current: (application: String, message: String)?
        func finish() {
            guard let entry = current else { return }
            current = nil
            if let sql = statementText(entry.message) { statements.append(Statement(application: entry.application, sql: sql)) }
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("@@"), let end = line.dropFirst(2).range(of: "@@") {
                finish()
                current = (String(line[line.index(line.startIndex, offsetBy: 2)..<end.lowerBound]), String(line[end.upperBound...]))
            } else if current != nil {
                current!.message += "\n" + line
            }
        }
        finish()
        return statements
    }

    /// The SQL of a `LOG:  statement: SQL` or `LOG:  execute NAME: SQL` message.
    static func statementText(_ message: String) -> String? {
        guard message.hasPrefix("LOG:") else { return nil }
        let body = message.dropFirst(4).drop { $0 == " " }
        if body.hasPrefix("statement: ") { return String(body.dropFirst("statement: ".count)) }
        if body.hasPrefix("execute "), let colon = body.range(of: ": ") { return String(body[colon.upperBound...]) }
        return nil
    }

    static func strippingLeadingComments(_ sql: String) -> Substring {
        var text = Substring(sql)
        while true {
            text = text.drop { $0.isWhitespace || $0 == "(" }
            if text.hasPrefix("--") {
                text = text.drop { $0 != "\n" }
            } else if text.hasPrefix("/*"), let end = text.range(of: "*/") {
                text = text[end.upperBound...]
            } else {
                return text
            }
        }
    }
}
