import Foundation
#if canImport(Glibc)
import Glibc
#endif
import GRDB

/// The status database of a state directory: integration records, their transitions, the
/// warehouse objects Steward owns, and a few facts about the store itself.
///
/// It is a `final class` around GRDB's `DatabasePool` and so is `Sendable`: many readers run
/// concurrently while GRDB serializes writes. Methods are synchronous and short; each write is
/// one transaction. The database runs in WAL mode with foreign keys on and a busy timeout of
/// ``busyTimeoutSeconds``, so a reader such as `steward get` never blocks the daemon.
///
/// Durability: GRDB sets `synchronous = NORMAL` for WAL, which survives a crash of the process
/// but may lose the last transactions on a power cut. That is accepted on purpose: every step
/// of the reconcile loop is idempotent and the status is written last, so a lost write means
/// repeating a step, never a wrong status.
package final class StatusStore: StatusStoring {
    /// How long a write waits for another connection's lock before failing with `.busy`.
    package static let busyTimeoutSeconds = 5

    /// The state directory the store lives in (created 0700 when missing).
    package var stateDirectory: URL { paths.directory }
    /// `STATE/steward.sqlite`.
    package var databaseURL: URL { paths.database }
    /// `STATE/api-secrets`: passwords sent in HTTP API request bodies (see `SecretFileStore`).
    package var requestSecretsDirectory: URL { paths.requestSecrets }

    let paths: StatePaths
    let pool: DatabasePool
    /// The clock that stamps records and transitions.
    let now: @Sendable () -> Date

    /// Opens (creating if needed) `stateDirectory/steward.sqlite` and migrates it to the
    /// current schema.
    ///
    /// Refuses a database migrated by a newer Steward (`.schemaTooNew`) rather than running
    /// against a schema it does not know.
    ///
    /// - Parameter now: the clock for timestamps; tests pass a fixed one.
    package init(stateDirectory: URL, now: @escaping @Sendable () -> Date = { Date() }) throws(StoreError) {
        let paths = StatePaths(stateDirectory: stateDirectory)
        do throws(POSIXFailure) {
            try POSIXFiles.makeDirectory(paths.directory, mode: 0o700)
        } catch {
            throw error.storeError(action: "create the state directory", paths: paths)
        }
        let configuration = Self.configuration(readonly: false)
        let migrator = StoreMigrations.migrator
        // Several processes may open a new state directory at once (the daemon and `steward get`):
        // an exclusive lock on a side file serialises creating and migrating the schema.
        let migrationLock = open(paths.directory.appendingPathComponent("steward.migrate.lock").path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        if migrationLock >= 0 { _ = flock(migrationLock, LOCK_EX) }
        defer { if migrationLock >= 0 { close(migrationLock) } }
        do {
            let pool = try DatabasePool(path: paths.database.path, configuration: configuration)
            if try pool.read({ db in try migrator.hasBeenSuperseded(db) }) {
                throw StoreError.schemaTooNew(databasePath: paths.database.path)
            }
            try migrator.migrate(pool)
            self.pool = pool
        } catch {
            throw StoreError.classify(error, action: "open the status database", paths: paths)
        }
        self.paths = paths
        self.now = now
    }

    /// Opens an existing store to read it only (`steward get`, `list`, `history`, `status`):
    /// read-only connections, no migration lock, no migration. In WAL mode a reader sees the last
    /// committed state without waiting for the daemon's writes, and the daemon never waits for it.
    /// A database whose schema is older than this Steward's (an older daemon has not migrated it
    /// yet) is opened as ``init(stateDirectory:now:)`` opens it, which migrates it; one migrated
    /// by a newer Steward is refused (`.schemaTooNew`).
    package static func openForReading(stateDirectory: URL) throws(StoreError) -> StatusStore {
        let paths = StatePaths(stateDirectory: stateDirectory)
        let migrator = StoreMigrations.migrator
        let pool: DatabasePool
        let current: Bool
        do {
            pool = try DatabasePool(path: paths.database.path, configuration: Self.configuration(readonly: true))
            let (superseded, completed) = try pool.read { db in (try migrator.hasBeenSuperseded(db), try migrator.hasCompletedMigrations(db)) }
            if superseded {
                throw StoreError.schemaTooNew(databasePath: paths.database.path)
            }
            current = completed
        } catch {
            throw StoreError.classify(error, action: "open the status database", paths: paths)
        }
        guard current else { return try StatusStore(stateDirectory: stateDirectory) }
        return StatusStore(paths: paths, pool: pool, now: { Date() })
    }

    /// WAL (GRDB's pools), foreign keys on, a busy timeout; read-only for `openForReading`, whose
    /// few queries need one reader.
    private static func configuration(readonly: Bool) -> Configuration {
        var configuration = Configuration()
        configuration.readonly = readonly
        configuration.busyMode = .timeout(TimeInterval(busyTimeoutSeconds))
        configuration.foreignKeysEnabled = true
        configuration.label = readonly ? "steward-reader" : "steward"
        if readonly { configuration.maximumReaderCount = 1 }
        return configuration
    }

    private init(paths: StatePaths, pool: DatabasePool, now: @escaping @Sendable () -> Date) {
        self.paths = paths
        self.pool = pool
        self.now = now
    }

    /// Runs a read; any failure becomes a `StoreError` about `action`.
    func read<T: Sendable>(_ action: String, _ body: @Sendable (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.read(body)
        } catch {
            throw StoreError.classify(error, action: action, paths: paths)
        }
    }

    /// Runs a write transaction; any failure rolls it back and becomes a `StoreError`.
    func write<T>(_ action: String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.write(body)
        } catch {
            throw StoreError.classify(error, action: action, paths: paths)
        }
    }

    /// Like ``write(_:_:)``, except that an error of a caller's closure (a ``CallerError``)
    /// reaches the caller unchanged after the rollback.
    func writeCallingBack<T>(_ action: String, _ body: (Database) throws -> T) throws -> T {
        do {
            return try pool.write(body)
        } catch let error as CallerError {
            throw error.wrapped
        } catch {
            throw StoreError.classify(error, action: action, paths: paths)
        }
    }
}
