import Foundation
import GRDB

extension StoreError {
    /// Turns any error met while using the status database into a `StoreError`.
    ///
    /// `action` is a verb phrase for the message ("record a status change"). SQLite reports a
    /// read-only or unwritable directory as a vague "unable to open" or I/O error, so for those
    /// the state directory is probed with `access(2)` to name the real cause.
    static func classify(_ error: any Error, action: String, paths: StatePaths) -> StoreError {
        switch error {
        case let error as StoreError:
            return error
        case let error as DatabaseError:
            return classify(error, action: action, paths: paths)
        case is RowDecodingError, is DecodingError:
            return StoreError(
                code: .invalidRecord,
                message: "a record in \(paths.database.path) cannot be read back, so steward cannot \(action); "
                    + "check `steward history` for the integration and report this as a bug",
                underlying: error)
        default:
            return StoreError(
                code: .database, message: "cannot \(action) in \(paths.database.path)", underlying: error)
        }
    }

    private static func classify(_ error: DatabaseError, action: String, paths: StatePaths) -> StoreError {
        let directory = paths.directory.path
        switch error.resultCode {
        case .SQLITE_READONLY:
            return readOnly(action: action, stateDirectory: directory, underlying: error)
        case .SQLITE_FULL:
            return diskFull(action: action, stateDirectory: directory, underlying: error)
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return corrupt(databasePath: paths.database.path, underlying: error)
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return busy(action: action, databasePath: paths.database.path,
                        seconds: StatusStore.busyTimeoutSeconds, underlying: error)
        case .SQLITE_PERM, .SQLITE_AUTH:
            return permissionDenied(action: action, path: paths.database.path, stateDirectory: directory, underlying: error)
        case .SQLITE_CONSTRAINT:
            return StoreError(
                code: .constraintViolated,
                message: "steward tried to store a value that the schema of \(paths.database.path) forbids, "
                    + "so it cannot \(action); this is a bug: please report it",
                underlying: error)
        case .SQLITE_CANTOPEN, .SQLITE_IOERR:
            if let code = POSIXFiles.writeProblem(at: paths.directory) {
                return fileSystem(errno: code, action: action, path: directory, stateDirectory: directory, underlying: error)
            }
            return StoreError(
                code: .io, message: "cannot \(action): reading or writing \(paths.database.path) failed", underlying: error)
        default:
            return StoreError(code: .database, message: "cannot \(action) in \(paths.database.path)", underlying: error)
        }
    }
}
