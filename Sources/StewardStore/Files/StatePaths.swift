import Foundation

/// The files of a state directory. One place for their names.
///
/// ## Who opens the store's files (audit, issue 13)
///
/// On Linux, closing *any* descriptor of a file drops every POSIX (`fcntl`) lock the process
/// holds on it, and SQLite's locks on `steward.sqlite` and `steward.sqlite-shm` are POSIX locks.
/// So within the daemon only SQLite (GRDB's `DatabasePool`, one per process) may open them.
/// Every place in `Sources/` that opens a file (`open(`, `FileHandle`, `Data(contentsOf`,
/// `String(contentsOf`, `fopen`, `FileManager.contents`, NIOSSL's PEM loaders), and why none
/// of them can be a store file:
///
/// - `StatusStore.init`: SQLite opens the store, its WAL and shared memory; the store also
///   opens `steward.migrate.lock` (its own file, `flock` only).
/// - `StateDirectoryLock`: `steward.lock` with `O_NOFOLLOW`, one descriptor held for the
///   process's life (`flock`, which a close of another descriptor does not drop).
/// - `SecretFileStore` (`STATE/secrets`, `STATE/api-secrets`): fixed names derived from uids and
///   keys, opened with `O_NOFOLLOW` inside folders only steward writes; `AtomicFile` writes spec
///   files and secrets through temporary names with `O_CREAT | O_EXCL`.
/// - `SecretResolver` (`passwordFile`, `passwordCredential`, the API key file): by identity,
///   never following a link in the last component, refusing every file under the state
///   directory before any real open (`RegularFileReader`, `ProtectedFiles`).
/// - `SpecParser.parse(fileAt:protecting:)`: spec files (links followed, as operators use them)
///   are checked against the same `ProtectedFiles` by the reconciler and the API's sweeper.
/// - Operator-named files, read at startup or on reload, which no request can name: `--config`
///   (`DaemonConfigFile`) and the TLS certificate and key (NIOSSL). CLI commands read specs and
///   secrets too, but they are other processes, whose closes cannot touch the daemon's locks.
/// - The HTTP API accepts no path at all (`CallerReferences`), so no caller chooses a file.
struct StatePaths: Sendable {
    let directory: URL

    init(stateDirectory: URL) {
        directory = stateDirectory.standardizedFileURL
    }

    /// The status database (`steward.sqlite`, with `-wal` and `-shm` beside it).
    var database: URL { directory.appending(path: "steward.sqlite", directoryHint: .notDirectory) }

    /// The lock file holding the pid of the steward process that uses the directory.
    var lock: URL { directory.appending(path: "steward.lock", directoryHint: .notDirectory) }

    /// The generated passwords of system accounts, one 0600 file per integration uid.
    var secrets: URL { directory.appending(path: "secrets", directoryHint: .isDirectory) }

    /// Passwords sent in HTTP API request bodies, one 0600 file each, until no longer needed.
    var requestSecrets: URL { directory.appending(path: "api-secrets", directoryHint: .isDirectory) }
}
