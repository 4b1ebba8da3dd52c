import StewardSpec
import StewardWarehouse
import Foundation

/// The errors of the store, worded once. Each message says what went wrong and what to do.
extension StoreError {
    /// An error from a failed system call on `path` while trying to `action` (a verb phrase such
    /// as "create the state directory").
    /// `underlying` replaces the `POSIXError` made from `code` when the failure was reported by
    /// another layer (SQLite) and only diagnosed by a system call.
    static func fileSystem(
        errno code: Int32, action: String, path: String, stateDirectory: String, underlying cause: (any Error)? = nil
    ) -> StoreError {
        let underlying = cause ?? POSIXErrorCode(rawValue: code).map { POSIXError($0) }
        switch code {
        case EROFS:
            return readOnly(action: action, stateDirectory: stateDirectory, underlying: underlying)
        case ENOSPC, EDQUOT:
            return diskFull(action: action, stateDirectory: stateDirectory, underlying: underlying)
        case EACCES, EPERM:
            return permissionDenied(action: action, path: path, stateDirectory: stateDirectory, underlying: underlying)
        case ENOTDIR, EEXIST:
            return StoreError(
                code: .io,
                message: "cannot \(action): \(path) is not a directory; remove it or pass a different --state-dir",
                underlying: underlying)
        default:
            let reason = String(cString: strerror(code))
            return StoreError(code: .io, message: "cannot \(action) (\(path)): \(reason)", underlying: underlying)
        }
    }

    static func readOnly(action: String, stateDirectory: String, underlying: (any Error)?) -> StoreError {
        StoreError(
            code: .readOnly,
            message: "\(stateDirectory) is read-only, so steward cannot \(action); make it writable "
                + "(the systemd unit needs StateDirectory=steward or ReadWritePaths=\(stateDirectory)) "
                + "or pass a writable --state-dir",
            underlying: underlying)
    }

    static func diskFull(action: String, stateDirectory: String, underlying: (any Error)?) -> StoreError {
        StoreError(
            code: .diskFull,
            message: "no space left on the device holding \(stateDirectory), so steward cannot \(action); "
                + "free some space (see df -h \(stateDirectory)) and steward carries on at its next attempt",
            underlying: underlying)
    }

    static func permissionDenied(action: String, path: String, stateDirectory: String, underlying: (any Error)?) -> StoreError {
        StoreError(
            code: .permissionDenied,
            message: "permission denied, so steward cannot \(action) (\(path)); run steward as the user that "
                + "owns \(stateDirectory), or fix its owner and mode (chown, chmod 0700)",
            underlying: underlying)
    }

    static func corrupt(databasePath: String, underlying: (any Error)?) -> StoreError {
        let directory = URL(filePath: databasePath).deletingLastPathComponent().path
        return StoreError(
            code: .corrupt,
            message: "the status database \(databasePath) is damaged; stop steward, keep a copy of \(directory), "
                + "then run `cd \(directory) && sqlite3 steward.sqlite .recover | sqlite3 recovered.sqlite "
                + "&& mv recovered.sqlite steward.sqlite && rm -f steward.sqlite-wal steward.sqlite-shm`; "
                + "if that fails, move those files aside and start steward again, which records the "
                + "integrations afresh from the spec files",
            underlying: underlying)
    }

    static func busy(action: String, databasePath: String, seconds: Int, underlying: (any Error)?) -> StoreError {
        StoreError(
            code: .busy,
            message: "the status database \(databasePath) stayed locked for more than \(seconds) s, "
                + "so steward cannot \(action); another process holds a long transaction on it "
                + "(a sqlite3 shell, a backup tool): close it",
            underlying: underlying)
    }

    static func schemaTooNew(databasePath: String) -> StoreError {
        StoreError(
            code: .schemaTooNew,
            message: "the status database \(databasePath) was upgraded by a newer version of steward; "
                + "run that version, or restore a backup of the state directory made before the upgrade")
    }

    static func stateDirectoryInUse(stateDirectory: String, pid: Int32?) -> StoreError {
        let holder = pid.map { "another steward process (pid \($0))" } ?? "another steward process"
        return StoreError(
            code: .stateDirectoryInUse,
            message: "\(holder) is using \(stateDirectory); stop it (systemctl stop steward) "
                + "or use a different --state-dir")
    }

    /// The seed's wording for an unknown id.
    static func notFound(id: Int64) -> StoreError {
        StoreError(code: .notFound, message: "No Integration found with ID \(id).")
    }

    static func notFound(name: String) -> StoreError {
        StoreError(code: .notFound, message: "no integration named \(name) is recorded; check the name with `steward list`")
    }

    static func alreadyExists(name: String, id: Int64) -> StoreError {
        StoreError(
            code: .alreadyExists,
            message: "an integration named \(name) is already recorded (id = \(id)); reopen or update it instead")
    }

    /// A change the lifecycle's table (`LifecycleGraph`) does not have: a defect in Steward, never
    /// the operator's doing. Nothing was written.
    static func illegalTransition(id: Int64, from: IntegrationStatus?, to: IntegrationStatus) -> StoreError {
        StoreError(code: .illegalTransition, message: "integration \(id) cannot go from \(from?.rawValue ?? "no record") to \(to.rawValue): "
            + "the lifecycle has no such transition, so nothing was recorded. This is a defect in steward; "
            + "`steward history` shows how the integration got where it is (please report it with that history)")
    }

    static func invalidState(action: String, id: Int64, status: String) -> StoreError {
        StoreError(code: .invalidState, message: "Unable to \(action) integration with ID \(id) in current state \(status).")
    }

    // MARK: - The shared store (PostgreSQL)

    /// A write asked of a shared store that has no writer: only the leader writes.
    static func notLeader(action: String) -> StoreError {
        StoreError(
            code: .notLeader,
            message: "this steward is not the leader of the shared status database, so it cannot \(action); "
                + "nothing was written. Only the daemon holding the leadership lease writes (see the "
                + "steward_leader table); this one reads only")
    }

    /// A write refused by the fence check: the writer's term is not the lease's current one.
    /// `detail` is the database's account of the lease (holder, term, expiry).
    static func fenced(term: Int64, action: String, detail: String, underlying: (any Error)?) -> StoreError {
        StoreError(
            code: .fenced,
            message: "this daemon's leadership term \(term) is no longer current; it stepped down: \(detail). "
                + "Nothing was written (it could not \(action)); the daemon that holds the lease now carries on, "
                + "and this one writes again only once it acquires the lease itself",
            underlying: underlying)
    }

    /// The shared status database could not be reached or the connection was lost. The password
    /// never appears: only the user, host, port and database are named.
    static func unreachable(action: String, parameters: ConnectionParameters, write: Bool, fix: String?,
                            underlying: (any Error)?) -> StoreError {
        let outcome = write ? "; the change may or may not have been recorded, and steward tries it again" : ""
        let remedy = fix ?? "check that PostgreSQL is up and that this host reaches it "
            + "(pg_isready -h \(parameters.host) -p \(parameters.port))"
        return StoreError(
            code: .unreachable,
            message: "cannot reach the shared status database \(parameters.database) at \(parameters.host):\(parameters.port) "
                + "as \(parameters.user), so steward cannot \(action)\(outcome). \(remedy)",
            underlying: underlying)
    }

    /// A shared database migrated by a newer Steward (it records schema versions this one does not know).
    static func schemaTooNew(sharedDatabase parameters: ConnectionParameters, unknownVersions: [Int]) -> StoreError {
        let versions = unknownVersions.map(String.init).joined(separator: ", ")
        return StoreError(
            code: .schemaTooNew,
            message: "the shared status database \(parameters.database) at \(parameters.host):\(parameters.port) "
                + "was upgraded by a newer version of steward (schema version \(versions)); run that version "
                + "on this host too, as on every host that shares the database")
    }
}
