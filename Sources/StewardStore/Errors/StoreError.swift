import Foundation

/// A failure of the state directory: the status database, the secret files or the lock.
///
/// Every error carries a ``code`` to switch on, a ``message`` written for an operator (what went
/// wrong and how to fix it) and, when there is one, the ``underlying`` error it came from.
///
/// `description` prints the message and a short summary of the underlying error: for SQLite
/// errors the result code and SQLite's own message, never the statement or its arguments. The
/// store holds no secrets, and secret file contents never reach an error.
package struct StoreError: Error, Sendable, CustomStringConvertible, LocalizedError {
    /// What kind of failure this is. Extensible: compare with `==` or `switch` over the constants.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        package let rawValue: String

        init(_ rawValue: String) { self.rawValue = rawValue }

        package var description: String { rawValue }

        /// The state directory or its file system is mounted read-only.
        package static let readOnly = Code("readOnly")
        /// The file system holding the state directory is full (or a quota was reached).
        package static let diskFull = Code("diskFull")
        /// The status database is damaged or is not a SQLite database.
        package static let corrupt = Code("corrupt")
        /// The process may not read or write a file of the state directory.
        package static let permissionDenied = Code("permissionDenied")
        /// The status database stayed locked by another connection past the busy timeout.
        package static let busy = Code("busy")
        /// Another process holds the state-directory lock.
        package static let stateDirectoryInUse = Code("stateDirectoryInUse")
        /// The database was migrated by a newer Steward that knows migrations this one does not.
        package static let schemaTooNew = Code("schemaTooNew")
        /// No integration with the given id or name.
        package static let notFound = Code("notFound")
        /// An integration with the given name exists already.
        package static let alreadyExists = Code("alreadyExists")
        /// The integration's status does not allow the requested change.
        package static let invalidState = Code("invalidState")
        /// A status change the lifecycle does not allow (a defect in Steward; nothing was written).
        package static let illegalTransition = Code("illegalTransition")
        /// A value broke a rule of the schema (a CHECK, UNIQUE or foreign-key constraint).
        package static let constraintViolated = Code("constraintViolated")
        /// A stored value could not be read back (for example JSON that no longer decodes).
        package static let invalidRecord = Code("invalidRecord")
        /// Any other file-system failure.
        package static let io = Code("io")
        /// Any other SQLite failure.
        package static let database = Code("database")
        /// A shared store opened without a writer (a daemon that is not the leader, or a command)
        /// was asked to write. Nothing was written.
        package static let notLeader = Code("notLeader")
        /// A shared store's write was refused inside its transaction because the writer's
        /// leadership term is no longer current (another daemon took the lease, or it expired).
        /// Nothing was written; the daemon must step down.
        package static let fenced = Code("fenced")
        /// The shared status database could not be reached, or the connection was lost during the
        /// call. A write may or may not have been recorded; it is not retried by the store, so the
        /// caller's retry and backoff decide.
        package static let unreachable = Code("unreachable")
        /// A sealed secret in the shared status database was sealed with another secret key than
        /// the one this host holds: every host needs the same key.
        package static let secretKeyMismatch = Code("secretKeyMismatch")
        /// A sealed secret in the shared status database failed authentication: it was altered,
        /// or moved from the row it was sealed for. Steward does not use it.
        package static let sealedSecretUnreadable = Code("sealedSecretUnreadable")
        /// The secret key file (or credential) is missing, unreadable, readable by others, or
        /// does not hold a 256-bit key.
        package static let secretKeyInvalid = Code("secretKeyInvalid")
    }

    package var code: Code
    /// What went wrong and how to fix it, for an operator.
    package var message: String
    /// The error this one was made from, if any (a GRDB `DatabaseError`, a `POSIXError`, ...).
    package var underlying: (any Error)?

    package init(code: Code, message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    package var description: String {
        guard let underlying else { return message }
        return "\(message) (\(Self.summary(of: underlying)))"
    }

    /// The same as ``description``, so that `localizedDescription` is useful too.
    package var errorDescription: String? { description }
}
