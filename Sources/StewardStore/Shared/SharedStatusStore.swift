import Foundation
import StewardWarehouse

/// The status store in a PostgreSQL database that several Steward daemons share: the same
/// records, transitions, owned objects and meta entries as ``StatusStore``, and the same
/// behaviour, with one writer at a time.
///
/// Exactly one daemon — the holder of the leadership lease (``LeaseTable``) — writes. Every
/// write is one transaction that starts with the fence check (`steward_fence`): if the term the
/// ``StoreWriter`` names is not the lease's current, live one, the database refuses the write
/// and the store throws `.fenced` with nothing written. A store without a writer reads only and
/// refuses every write with `.notLeader`.
///
/// Connections come from a small pool. A lost connection is replaced at the next call: a read
/// is tried once more on a new connection; a write is not (it may have been recorded), and
/// fails with `.unreachable` for the caller's retry and backoff.
///
/// Dates are stored as `timestamptz` and returned as read back from the row (microseconds).
/// Timestamps of records and transitions come from `now`, like ``StatusStore``'s; the lease's
/// expiry is the database's clock alone.
package final class SharedStatusStore: StatusStoring {
    /// How many connections the store opens at most by default: one for writes and reads, one
    /// more so that a lease renewal never waits behind a write.
    package static let defaultPoolSize = 2

    /// This host's state directory (its lock, secret files and request secrets stay local).
    package var stateDirectory: URL { paths.directory }
    /// `STATE/api-secrets`: passwords sent in HTTP API request bodies (see `SecretFileStore`).
    package var requestSecretsDirectory: URL { paths.requestSecrets }
    /// The leadership lease and the members' heartbeats, on the same connections.
    package let leases: LeaseTable
    /// What each host's copy of the spec folder holds.
    package let folders: MemberFolders
    /// Where the database is (no password in its description).
    package var parameters: ConnectionParameters { pool.parameters }

    let paths: StatePaths
    let pool: SharedConnectionPool
    /// Who writes; nil for a store that reads only.
    let writer: StoreWriter?
    /// The clock that stamps records and transitions.
    let now: @Sendable () -> Date

    private init(paths: StatePaths, pool: SharedConnectionPool, writer: StoreWriter?, now: @escaping @Sendable () -> Date) {
        self.paths = paths
        self.pool = pool
        self.writer = writer
        self.now = now
        self.leases = LeaseTable(pool: pool)
        self.folders = MemberFolders(pool: pool)
    }

    /// Connects to the shared database, migrates it to the current schema (safe while other
    /// daemons do the same) and creates the local state directory (0700) when missing.
    ///
    /// Refuses a database migrated by a newer Steward (`.schemaTooNew`); an unreachable database
    /// fails with `.unreachable`.
    ///
    /// - Parameters:
    ///   - writer: the leadership term of each write, or nil for a store that reads only.
    ///   - poolSize: how many connections to open at most.
    ///   - idleInTransactionTimeout: how long a session may stall inside a write (a daemon
    ///     passes a third of its lease: a leader frozen mid-write holds up a takeover that long).
    ///   - now: the clock for timestamps; tests pass a fixed one.
    package static func open(
        parameters: ConnectionParameters, stateDirectory: URL, writer: StoreWriter?,
        poolSize: Int = defaultPoolSize, idleInTransactionTimeout: Duration = .seconds(60),
        now: @escaping @Sendable () -> Date = { Date() }
    ) async throws(StoreError) -> SharedStatusStore {
        let paths = StatePaths(stateDirectory: stateDirectory)
        do throws(POSIXFailure) {
            try POSIXFiles.makeDirectory(paths.directory, mode: 0o700)
        } catch {
            throw error.storeError(action: "create the state directory", paths: paths)
        }
        let store = SharedStatusStore(
            paths: paths, pool: SharedConnectionPool(parameters: parameters, capacity: poolSize, idleInTransactionTimeout: idleInTransactionTimeout),
            writer: writer, now: now)
        let outcome = try await store.pool.use("migrate the shared status database", write: true, retry: false) { connection in
            try await SharedStoreMigrations.migrate(connection)
        }
        if case .tooNew(let versions) = outcome {
            await store.close()
            throw StoreError.schemaTooNew(sharedDatabase: parameters, unknownVersions: versions)
        }
        return store
    }

    /// Closes the connections (those in use when they come back).
    package func close() async {
        await pool.close()
    }

    // MARK: - Running statements

    /// Runs `body` on a connection of the pool for a read: if the connection turns out to be
    /// lost, once more on a new one. Any failure becomes a `StoreError` about `action`.
    func read<T>(_ action: String, _ body: (PGConnection) async throws -> T) async throws(StoreError) -> T {
        try await pool.use(action, write: false, retry: true, body)
    }

    /// Runs the statements of one read in one round trip and returns their answers.
    func read(_ action: String, _ statements: [SQLStatement]) async throws(StoreError) -> [QueryResult] {
        try await read(action) { connection in try await connection.pipeline(statements) }
    }

    /// Runs one write: checks that there is a writer, takes a connection, lets `body` run the
    /// transaction (``SharedTransaction``: BEGIN and the fence check go with its first round
    /// trip), and rolls back whatever `body` left open when it throws.
    ///
    /// An error of a caller's closure (a `CallerError`) reaches the caller unchanged after the
    /// rollback; every other failure is a `StoreError`. Writes are never retried here.
    func writeCallingBack<T>(_ action: String, _ body: (SharedTransaction) async throws -> T) async throws -> T {
        guard let writer else { throw StoreError.notLeader(action: action) }
        guard let term = writer.term() else { throw StoreError.notLeader(action: action) }
        let connection: PGConnection
        do {
            connection = try await pool.checkout()
        } catch {
            // Nothing was sent: nothing can have been recorded.
            throw StoreError.shared(error, action: action, parameters: pool.parameters, write: false, term: term)
        }
        let transaction = SharedTransaction(connection: connection, term: term)
        var failure: any Error
        do {
            let value = try await body(transaction)
            if !transaction.isOpen {
                await pool.checkin(connection, reusable: true)
                return value
            }
            failure = StoreError(code: .database, message: "steward left the transaction to \(action) open, so it was rolled "
                                 + "back and nothing was written; this is a bug: please report it")
        } catch {
            failure = error
        }
        var reusable = !SharedConnectionPool.isConnectionLost(failure)
        if transaction.isOpen && reusable {
            do {
                try await connection.query(SharedSQL.rollback)
            } catch {
                reusable = false
            }
        }
        await pool.checkin(connection, reusable: reusable)
        if let caller = failure as? CallerError { throw caller.wrapped }
        throw StoreError.shared(failure, action: action, parameters: pool.parameters, write: true, term: term)
    }

    /// ``writeCallingBack(_:_:)`` for writes without a caller's closure.
    func write<T>(_ action: String, _ body: (SharedTransaction) async throws -> T) async throws(StoreError) -> T {
        do {
            return try await writeCallingBack(action, body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.shared(error, action: action, parameters: pool.parameters, write: true, term: nil)
        }
    }

    /// Runs `statements` as one fenced write transaction in one round trip and returns their answers.
    func write(_ action: String, _ statements: [SQLStatement]) async throws(StoreError) -> [QueryResult] {
        try await write(action) { transaction in try await transaction.run(statements) }
    }
}
