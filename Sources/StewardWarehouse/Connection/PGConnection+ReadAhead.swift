import Synchronization

/// The answers of reads sent ahead, by statement text and parameters, each to be taken once.
struct ReadAheadAnswers: Sendable {
    struct Key: Hashable, Sendable {
        var text: String
        var parameters: [String?]
    }

    private var answers: [Key: [Result<QueryResult, WarehouseError>]] = [:]

    init(_ statements: [SQLStatement], _ results: [Result<QueryResult, WarehouseError>]) {
        for (statement, result) in zip(statements, results) {
            answers[Key(text: statement.text, parameters: statement.parameters), default: []].append(result)
        }
    }

    /// The first answer still untaken for this text and these parameters.
    mutating func take(_ text: String, _ parameters: [String?]) -> Result<QueryResult, WarehouseError>? {
        let key = Key(text: text, parameters: parameters)
        guard var queue = answers[key], !queue.isEmpty else { return nil }
        let first = queue.removeFirst()
        answers[key] = queue.isEmpty ? nil : queue
        return first
    }

    var untaken: Int { answers.values.reduce(0) { $0 + $1.count } }
}

extension PGConnection {
    /// Sends `reads` to the server now, in one round trip (`independently`: each its own sync
    /// point, so one failing, say on a table that does not exist yet, costs the others nothing),
    /// and keeps their answers: a later `query` with the same text and parameters is answered
    /// from them, once, instead of from the server.
    ///
    /// This is how an observation written as a sequence of queries, some depending on earlier
    /// answers, costs one round trip: the caller sends ahead what the sequence will most likely
    /// ask, and the sequence runs unchanged. A query nobody predicted goes to the server as
    /// before, so a wrong prediction costs a round trip, never a wrong answer. The answers are as
    /// of this call: the caller ends the read-ahead (`endReadAhead`) before anything it writes
    /// could change them, and `pipeline` (which writes) drops them itself.
    package func readAhead(_ reads: [SQLStatement]) async throws {
        endReadAhead()
        guard !reads.isEmpty else { return }
        let results = try await independently(reads)
        readAheadAnswers.withLock { $0 = ReadAheadAnswers(reads, results) }
    }

    /// Answers `reads` that do not depend on each other: from what was read ahead where it holds
    /// them, the rest in one round trip (`independently`), each with its own answer.
    package func readAll(_ reads: [SQLStatement]) async throws -> [Result<QueryResult, WarehouseError>] {
        var answers = reads.map { takeReadAhead($0.text, $0.parameters) }
        let missing = answers.indices.filter { answers[$0] == nil }
        if !missing.isEmpty {
            for (index, answer) in zip(missing, try await independently(missing.map { reads[$0] })) {
                answers[index] = answer
            }
        }
        return answers.map { $0 ?? .failure(WarehouseError(kind: .unexpectedResponse, message: "a read went unanswered")) }
    }

    /// Drops the answers not taken; returns how many there were (reads predicted but not asked).
    @discardableResult
    package func endReadAhead() -> Int {
        readAheadAnswers.withLock { answers in
            defer { answers = nil }
            return answers?.untaken ?? 0
        }
    }

    func takeReadAhead(_ text: String, _ parameters: [String?]) -> Result<QueryResult, WarehouseError>? {
        readAheadAnswers.withLock { $0?.take(text, parameters) }
    }
}
