import CLibPQ
import Dispatch
import Foundation
import Synchronization

/// One libpq connection. Sendable: the `PGconn*` lives in a `Mutex`, which also serialises
/// libpq calls (libpq is not thread-safe per connection), and every blocking call runs on the
/// connection's own dispatch queue so that Swift's cooperative threads are never blocked.
///
/// Values always travel as `PQexecParams` text parameters; SQL text carries only identifiers
/// quoted by `SQLIdentifier` and literals checked by `SQLLiteral`.
package final class PGConnection: Sendable {
    /// The libpq handle; nil once closed. `PGConnection+Pipeline` uses it under the same lock.
    let handle: Mutex<OpaquePointer?>
    /// Where blocking libpq calls run (one hop per call or per pipeline).
    let queue: DispatchQueue
    /// Where this connection goes (no password).
    package let parameters: ConnectionParameters
    /// Answers to reads sent ahead (`PGConnection+ReadAhead`), taken by `query`; nil when none.
    let readAheadAnswers = Mutex<ReadAheadAnswers?>(nil)

    private init(handle: sending OpaquePointer, parameters: ConnectionParameters) {
        self.handle = Mutex(handle)
        self.parameters = parameters
        self.queue = DispatchQueue(label: "steward.pg.\(parameters.host):\(parameters.port)/\(parameters.database)")
    }

    deinit {
        handle.withLock { conn in
            if let conn { PQfinish(conn) }
            conn = nil
        }
    }

    /// Opens a connection. Blocks a private dispatch queue, not the caller's thread, for at most
    /// the connect timeout.
    package static func connect(_ parameters: ConnectionParameters) async throws -> PGConnection {
        try WarehouseFence.check("connect to \(parameters.database)")
        PGTrace.current?.connected(database: parameters.database)
        let queue = DispatchQueue(label: "steward.pg.connect")
        return try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try connectBlocking(parameters) })
            }
        }
    }

    private static func connectBlocking(_ parameters: ConnectionParameters) throws -> PGConnection {
        guard let conn = openHandle(parameters.libpqKeywords) else {
            throw WarehouseError(kind: .connectionFailed, message: "libpq could not allocate a connection", fix: "check available memory")
        }
        if PQstatus(conn) != CONNECTION_OK {
            let raw = String(cString: PQerrorMessage(conn))
            PQfinish(conn)
            throw ConnectionErrorClassifier.classify(parameters.scrub(raw), parameters: parameters)
        }
        return PGConnection(handle: conn, parameters: parameters)
    }

    /// Calls `PQconnectdbParams` with NUL-terminated keyword and value arrays. The C strings are
    /// strdup'd copies freed before returning; libpq copies what it keeps.
    private static func openHandle(_ pairs: [(String, String)]) -> sending OpaquePointer? {
        let keys = pairs.map { strdup($0.0) }
        let values = pairs.map { strdup($0.1) }
        var keyPointers: [UnsafePointer<CChar>?] = keys.map { UnsafePointer($0) } + [nil]
        var valuePointers: [UnsafePointer<CChar>?] = values.map { UnsafePointer($0) } + [nil]
        let conn = keyPointers.withUnsafeMutableBufferPointer { k in
            valuePointers.withUnsafeMutableBufferPointer { v in
                PQconnectdbParams(k.baseAddress, v.baseAddress, 0)
            }
        }
        keys.forEach { free($0) }
        values.forEach { free($0) }
        return conn
    }

    /// Runs one statement with text parameters and returns its rows (empty for commands).
    /// `redacted` is the text used in errors instead of `sql` (it must not contain secrets).
    @discardableResult
    package func query(_ sql: String, _ params: [String?] = [], redacted: String? = nil) async throws -> QueryResult {
        if let answer = takeReadAhead(sql, params) {
            return try answer.get()
        }
        try WarehouseFence.check(redacted ?? sql)
        PGTrace.current?.exchange(database: parameters.database, statements: [redacted ?? sql])
        return try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try self.queryBlocking(sql, params, redacted: redacted ?? sql) })
            }
        }
    }

    /// Runs a statement. Same as `query` without caring for rows.
    package func execute(_ statement: SQLStatement) async throws {
        try await query(statement)
    }

    /// Runs a statement and returns its rows.
    @discardableResult
    package func query(_ statement: SQLStatement) async throws -> QueryResult {
        try await query(statement.text, statement.parameters, redacted: statement.redactedText)
    }

    private func queryBlocking(_ sql: String, _ params: [String?], redacted: String) throws -> QueryResult {
        try handle.withLock { conn -> QueryResult in
            guard let conn else {
                throw WarehouseError(kind: .connectionFailed, message: "the connection is closed", fix: "reconnect")
            }
            let cParams = params.map { $0.map { strdup($0) } ?? nil }
            defer { cParams.forEach { free($0) } }
            let constParams: [UnsafePointer<CChar>?] = cParams.map { $0.map { UnsafePointer($0) } }
            let result = constParams.withUnsafeBufferPointer { buffer in
                PQexecParams(conn, sql, Int32(params.count), nil, buffer.baseAddress, nil, nil, 0)
            }
            guard let result else {
                let message = parameters.scrub(String(cString: PQerrorMessage(conn)))
                throw WarehouseError(kind: .connectionFailed, message: Self.tidy(message), fix: "check that the server is up; Steward retries", statement: redacted)
            }
            defer { PQclear(result) }
            let status = PQresultStatus(result)
            switch status {
            case PGRES_COMMAND_OK, PGRES_EMPTY_QUERY:
                return QueryResult(columns: [], rows: [])
            case PGRES_TUPLES_OK:
                return Self.read(result)
            default:
                throw statementError(result, conn: conn, redacted: redacted)
            }
        }
    }

    func statementError(_ result: OpaquePointer, conn: OpaquePointer, redacted: String) -> WarehouseError {
        func field(_ code: Character) -> String? {
            guard let ascii = code.asciiValue, let value = PQresultErrorField(result, Int32(ascii)) else { return nil }
            return String(cString: value)
        }
        let state = field("C")
        let primary = field("M") ?? String(cString: PQerrorMessage(conn))
        let hint = field("H")
        let message = parameters.scrub(Self.tidy(primary))
        if PQstatus(conn) != CONNECTION_OK {
            return WarehouseError(kind: .connectionFailed, sqlState: state, message: message,
                                  fix: "the connection to \(parameters.host):\(parameters.port) was lost; Steward retries", statement: redacted)
        }
        let kind: WarehouseError.Kind
        var fix = hint.map { parameters.scrub($0) }
        switch state {
        case "42501"?:
            kind = .insufficientPrivilege
            fix = fix ?? "grant the missing privilege to \(parameters.user), or use an account that has it"
        case "57014"?:
            kind = .timeout
        case let s? where s.hasPrefix("08"):
            kind = .connectionFailed
        default:
            kind = .statementFailed
        }
        return WarehouseError(kind: kind, sqlState: state, message: message, fix: fix, statement: redacted)
    }

    static func read(_ result: OpaquePointer) -> QueryResult {
        let rowCount = Int(PQntuples(result))
        let columnCount = Int(PQnfields(result))
        let columns = (0..<columnCount).map { String(cString: PQfname(result, Int32($0))) }
        var rows: [[String?]] = []
        rows.reserveCapacity(rowCount)
        for r in 0..<rowCount {
            var row: [String?] = []
            row.reserveCapacity(columnCount)
            for c in 0..<columnCount {
                if PQgetisnull(result, Int32(r), Int32(c)) == 1 {
                    row.append(nil)
                } else {
                    row.append(String(cString: PQgetvalue(result, Int32(r), Int32(c))))
                }
            }
            rows.append(row)
        }
        return QueryResult(columns: columns, rows: rows)
    }

    /// The engine, from the `server_version` the server reported at connection time (no round
    /// trip): Redshift reports 8.0.2.
    package var serverDialect: DialectKind {
        let version = handle.withLock { conn -> String in
            guard let conn, let value = PQparameterStatus(conn, "server_version") else { return "" }
            return String(cString: value)
        }
        return version.hasPrefix("8.0") ? .redshift : .postgresql
    }

    /// Closes the connection now (also done on deinit).
    package func close() {
        handle.withLock { conn in
            if let conn { PQfinish(conn) }
            conn = nil
        }
    }

    /// The server's password verifier for `password` of `user`, computed by libpq on the client
    /// so that the plain password is never sent in SQL. `algorithm` is `scram-sha-256` or `md5`.
    package func encryptPassword(_ password: String, user: String, algorithm: String) throws -> String {
        try handle.withLock { conn in
            guard let conn else {
                throw WarehouseError(kind: .connectionFailed, message: "the connection is closed", fix: "reconnect")
            }
            guard let encrypted = PQencryptPasswordConn(conn, password, user, algorithm) else {
                throw WarehouseError(kind: .unexpectedResponse, message: "libpq could not compute a \(algorithm) password verifier", fix: "check the libpq version (10 or later)")
            }
            defer { PQfreemem(encrypted) }
            return String(cString: encrypted)
        }
    }

    /// The md5 verifier (`md5` + md5(password + user)) that Redshift accepts; no connection needed.
    package static func md5Verifier(password: String, user: String) -> String? {
        guard let encrypted = PQencryptPassword(password, user) else { return nil }
        defer { PQfreemem(encrypted) }
        return String(cString: encrypted)
    }

    static func tidy(_ message: String) -> String {
        message.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
            .joined(separator: " ")
            .replacingOccurrences(of: "  ", with: " ")
    }
}
