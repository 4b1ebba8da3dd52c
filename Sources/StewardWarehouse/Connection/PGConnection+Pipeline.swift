import CLibPQ
import Glibc

extension PGConnection {
    /// Runs `statements` in order as one libpq pipeline: every statement is sent without waiting
    /// for the previous one's reply, and one sync point follows the last, so a plan of any length
    /// costs one round trip instead of one per statement.
    ///
    /// The server runs the statements in order and stops at the first error: the statements after
    /// it are not run (the server discards them up to the sync point), and no more are sent once
    /// an error has arrived. Thrown is that first error, naming its statement, exactly as running
    /// them one by one would have thrown it; the rows of each statement come back otherwise.
    ///
    /// Between statements and the sync point there is no implicit commit: statements that must
    /// stand alone (`SQLStatement.outsideTransaction`, `CREATE DATABASE`) must not be pipelined
    /// with others. Callers that want all or nothing send `BEGIN` first and `COMMIT` last, and
    /// `ROLLBACK` after an error (`Bootstrapper.runInTransaction`).
    ///
    /// Sending and reading are interleaved on a non-blocking socket (`poll`), so a pipeline of any
    /// size cannot deadlock with a server whose replies fill the socket buffers while Steward
    /// still sends; at most `window` statements are in flight ahead of the replies read.
    @discardableResult
    package func pipeline(_ statements: [SQLStatement], window: Int = 4096) async throws -> [QueryResult] {
        guard !statements.isEmpty else { return [] }
        endReadAhead()
        let answers = try await exchange(statements, independent: false, window: window)
        // Stopping at the first error, every answer is a success unless one is a failure.
        return try answers.map { try $0.get() }
    }

    /// Runs `statements` as one pipeline in which every statement has its own sync point: each
    /// runs in its own implicit transaction and one failing does not stop the others, so a batch
    /// of reads costs one round trip and answers each read as running it alone would have.
    /// Throws only when the connection fails; a statement's own error is its answer.
    package func independently(_ statements: [SQLStatement], window: Int = 4096) async throws -> [Result<QueryResult, WarehouseError>] {
        guard !statements.isEmpty else { return [] }
        return try await exchange(statements, independent: true, window: window)
    }

    private func exchange(_ statements: [SQLStatement], independent: Bool, window: Int) async throws -> [Result<QueryResult, WarehouseError>] {
        try WarehouseFence.check(statements.first?.redactedText ?? "")
        PGTrace.current?.exchange(database: parameters.database, statements: statements.map(\.redactedText))
        return try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result {
                    try self.pipelineBlocking(statements, independent: independent, window: max(1, window))
                })
            }
        }
    }

    private func pipelineBlocking(_ statements: [SQLStatement], independent: Bool, window: Int) throws -> [Result<QueryResult, WarehouseError>] {
        try handle.withLock { conn -> [Result<QueryResult, WarehouseError>] in
            guard let conn else {
                throw WarehouseError(kind: .connectionFailed, message: "the connection is closed", fix: "reconnect")
            }
            guard PQenterPipelineMode(conn) == 1 else {
                throw lost(conn, "libpq could not enter pipeline mode", statement: statements[0].redactedText)
            }
            guard PQsetnonblocking(conn, 1) == 0 else {
                _ = PQexitPipelineMode(conn)
                throw lost(conn, "libpq could not make the connection non-blocking", statement: statements[0].redactedText)
            }
            defer {
                // Back to how `query` expects the connection. Exiting fails only while results are
                // still pending, which happens only after a connection failure: the connection is
                // then unusable and its owner reconnects (the error is `connectionFailed`).
                _ = PQsetnonblocking(conn, 0)
                _ = PQexitPipelineMode(conn)
            }
            var reader = PipelineReader(count: statements.count, independent: independent)
            var sent = 0
            var synced = false
            var flushRequestedAt = 0
            while !reader.reachedSync {
                while !synced && reader.failure == nil && sent < statements.count && sent - reader.index < window {
                    try send(statements[sent], on: conn)
                    sent += 1
                    if independent {
                        guard PQpipelineSync(conn) == 1 else {
                            throw lost(conn, "libpq could not send a statement's sync point", statement: statements[sent - 1].redactedText)
                        }
                        synced = sent == statements.count
                    }
                }
                // The server holds the replies of the extended protocol until a Sync or a Flush
                // (or until its output buffer fills): with the window full and no sync point
                // sent, ask it to send what it has, or both sides wait for each other.
                if !independent && !synced && reader.failure == nil && sent < statements.count && sent > flushRequestedAt {
                    guard PQsendFlushRequest(conn) == 1 else {
                        throw lost(conn, "libpq could not ask the server to send its replies", statement: statements[sent - 1].redactedText)
                    }
                    flushRequestedAt = sent
                }
                if !synced && (sent == statements.count || reader.failure != nil) {
                    guard PQpipelineSync(conn) == 1 else {
                        throw lost(conn, "libpq could not send the pipeline's sync point", statement: statements[sent - 1].redactedText)
                    }
                    synced = true
                }
                let unsent = PQflush(conn)
                guard unsent >= 0 else {
                    throw lost(conn, "sending the pipeline failed", statement: statements[min(sent, statements.count) - 1].redactedText)
                }
                try reader.consume(conn, connection: self, statements: statements)
                if reader.reachedSync { break }
                // Replies read may have opened the window (or brought an error, so the sync point
                // is due): send before waiting, or a server with nothing left to answer never wakes us.
                if !synced && (reader.failure != nil || sent - reader.index < window) { continue }
                try waitForSocket(conn, write: unsent == 1, statement: statements[min(reader.index, statements.count - 1)].redactedText)
            }
            if let failure = reader.failure { throw failure }
            return reader.results.map { $0 ?? .success(QueryResult(columns: [], rows: [])) }
        }
    }

    private func send(_ statement: SQLStatement, on conn: OpaquePointer) throws {
        let cParams = statement.parameters.map { $0.map { strdup($0) } ?? nil }
        defer { cParams.forEach { free($0) } }
        let constParams: [UnsafePointer<CChar>?] = cParams.map { $0.map { UnsafePointer($0) } }
        let queued = constParams.withUnsafeBufferPointer { buffer in
            PQsendQueryParams(conn, statement.text, Int32(statement.parameters.count), nil, buffer.baseAddress, nil, nil, 0)
        }
        guard queued == 1 else { throw lost(conn, "libpq could not queue a statement", statement: statement.redactedText) }
    }

    /// Waits until the socket has input (or, with `write`, room for output), then reads what came.
    private func waitForSocket(_ conn: OpaquePointer, write: Bool, statement: String) throws {
        var descriptor = pollfd(fd: PQsocket(conn), events: Int16(POLLIN) | (write ? Int16(POLLOUT) : 0), revents: 0)
        guard descriptor.fd >= 0 else { throw lost(conn, "the connection has no socket", statement: statement) }
        while poll(&descriptor, 1, -1) < 0 {
            guard errno == EINTR else { throw lost(conn, "waiting for the server failed (errno \(errno))", statement: statement) }
        }
        if descriptor.revents & (Int16(POLLIN) | Int16(POLLERR) | Int16(POLLHUP)) != 0 {
            guard PQconsumeInput(conn) == 1 else { throw lost(conn, "reading the pipeline's replies failed", statement: statement) }
        }
    }

    /// A connection-level failure, with libpq's message (scrubbed of connection secrets).
    func lost(_ conn: OpaquePointer, _ what: String, statement: String) -> WarehouseError {
        let detail = Self.tidy(parameters.scrub(String(cString: PQerrorMessage(conn))))
        return WarehouseError(kind: .connectionFailed, message: detail.isEmpty ? what : "\(what): \(detail)",
                              fix: "check that the server at \(parameters.host):\(parameters.port) is up; Steward retries", statement: statement)
    }
}

/// Reads a pipeline's replies as they arrive: one or more results per statement, each
/// statement's ended by a null result, and a `PGRES_PIPELINE_SYNC` after the last (or, when the
/// statements are `independent`, after each).
private struct PipelineReader {
    var results: [Result<QueryResult, WarehouseError>?]
    let independent: Bool
    /// The statement whose replies are being read.
    var index = 0
    /// Whether the statement at `index` has given a result yet.
    var answered = false
    /// The first error, which stops a pipeline of dependent statements.
    var failure: WarehouseError?
    var syncs = 0
    var reachedSync = false

    init(count: Int, independent: Bool) {
        results = Array(repeating: nil, count: count)
        self.independent = independent
    }

    /// Takes every result libpq can give without blocking.
    mutating func consume(_ conn: OpaquePointer, connection: PGConnection, statements: [SQLStatement]) throws {
        while !reachedSync && PQisBusy(conn) == 0 {
            guard let result = PQgetResult(conn) else {
                guard answered else { break }
                index += 1
                answered = false
                continue
            }
            defer { PQclear(result) }
            let status = PQresultStatus(result)
            if status == PGRES_PIPELINE_SYNC {
                syncs += 1
                reachedSync = !independent || syncs == statements.count
                continue
            }
            guard index < statements.count else {
                throw connection.lost(conn, "the server answered more statements than the pipeline held", statement: statements[statements.count - 1].redactedText)
            }
            answered = true
            switch status {
            case PGRES_COMMAND_OK, PGRES_EMPTY_QUERY:
                results[index] = .success(QueryResult(columns: [], rows: []))
            case PGRES_TUPLES_OK:
                results[index] = .success(PGConnection.read(result))
            case PGRES_PIPELINE_ABORTED:
                break
            default:
                // A lost connection is noticed below (CONNECTION_BAD) and thrown, whatever the mode.
                let error = connection.statementError(result, conn: conn, redacted: statements[index].redactedText)
                results[index] = .failure(error)
                if !independent && failure == nil {
                    failure = error
                }
            }
        }
        if !reachedSync && PQstatus(conn) == CONNECTION_BAD {
            throw failure ?? connection.lost(conn, "the connection to the server was lost", statement: statements[min(index, statements.count - 1)].redactedText)
        }
    }
}
