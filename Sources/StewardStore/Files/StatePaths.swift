import Foundation

/// The files of a state directory. One place for their names.
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
