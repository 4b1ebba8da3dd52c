import StewardWarehouse

/// The transaction of one write of a ``SharedStatusStore``, on a connection the write has to
/// itself. Its first round trip starts with `BEGIN` and the fence check; its last ends with
/// `COMMIT`. Between them the store may read the current row (`FOR UPDATE`), apply a caller's
/// closure in Swift and send the changes: statements that do not depend on an answer go in
/// one pipeline, so a write costs one or two round trips.
///
/// Used by one task at a time, inside `SharedStatusStore.writeCallingBack`, which rolls back
/// whatever is left open when the write throws.
final class SharedTransaction {
    let connection: PGConnection
    let term: StoreWriter.Term
    /// Whether `BEGIN` may have run without `COMMIT` (so a `ROLLBACK` is due on failure).
    private(set) var isOpen = false

    init(connection: PGConnection, term: StoreWriter.Term) {
        self.connection = connection
        self.term = term
    }

    /// Sends `BEGIN`, the fence check and `statements` in one round trip; returns the answers
    /// of `statements`. A fenced writer gets the fence's error and nothing else runs.
    func begin(_ statements: [SQLStatement]) async throws -> [QueryResult] {
        isOpen = true
        let answers = try await connection.pipeline([SharedSQL.begin, SharedSQL.fence(term)] + statements)
        return Array(answers.dropFirst(2))
    }

    /// Sends `statements` and `COMMIT` in one round trip; returns the answers of `statements`.
    func commit(_ statements: [SQLStatement]) async throws -> [QueryResult] {
        do {
            let answers = try await connection.pipeline(statements + [SharedSQL.commit])
            isOpen = false
            return Array(answers.dropLast())
        } catch let error as WarehouseError where error.statement == SharedSQL.commit.redactedText {
            // The COMMIT itself failed: the transaction is over (rolled back), nothing to undo.
            isOpen = false
            throw error
        }
    }

    /// The whole write in one round trip: `BEGIN`, the fence check, `statements`, `COMMIT`.
    func run(_ statements: [SQLStatement]) async throws -> [QueryResult] {
        isOpen = true
        do {
            let answers = try await connection.pipeline([SharedSQL.begin, SharedSQL.fence(term)] + statements + [SharedSQL.commit])
            isOpen = false
            return Array(answers.dropFirst(2).dropLast())
        } catch let error as WarehouseError where error.statement == SharedSQL.commit.redactedText {
            isOpen = false
            throw error
        }
    }
}
