import Foundation

/// A failure of the state directory: the status database, the secret files or the lock.
///
/// Every error carries a ``code`` to switch on, a ``message`` written for an operator (what went
/// wrong and how to fix it) and, when there is one, the ``underlying`` error it came from.
///
/// `description` prints the message and a short summary of the underlying error: for SQLite
/// errors the result code and SQLite's own message, never the statement or its arguments. The
/// store holds no secrets, and secret file contents never reach an error.
public struct StoreError: Error, Sendable, CustomStringConvertible, LocalizedError {
    /// What kind of failure this is. Extensible: compare with `==` or `switch` over the constants.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String

        init(_ rawValue: String) { self.rawValue = rawValue }

        public var description: String { rawValue }

        /// The state directory or its file system is mounted read-only.
        public static let readOnly = Code("readOnly")
        /// The file system holding the state directory is full (or a quota was reached).
        public static let diskFull = Code("diskFull")
        /// The status database is damaged or is not a SQLite database.
        public static let corrupt = Code("corrupt")
        /// The process may not read or write a file of the state directory.
        public static let permissionDenied = Code("permissionDenied")
        /// The status database stayed locked by another connection past the busy timeout.
        public static let busy = Code("busy")
        /// Another process holds the state-directory lock.
        public static let stateDirectoryInUse = Code("stateDirectoryInUse")
        /// The database was migrated by a newer Steward that knows migrations this one does not.
        public static let schemaTooNew = Code("schemaTooNew")
        /// No integration with the given id or name.
        public static let notFound = Code("notFound")
        /// An integration with the given name exists already.
        public static let alreadyExists = Code("alreadyExists")
        /// The integration's status does not allow the requested change.
        public static let invalidState = Code("invalidState")
        /// A status change the lifecycle does not allow (a defect in Steward; nothing was written).
        public static let illegalTransition = Code("illegalTransition")
        /// A value broke a rule of the schema (a CHECK, UNIQUE or foreign-key constraint).
        public static let constraintViolated = Code("constraintViolated")
        /// A stored value could not be read back (for example JSON that no longer decodes).
        public static let invalidRecord = Code("invalidRecord")
        /// Any other file-system failure.
        public static let io = Code("io")
        /// Any other SQLite failure.
        public static let database = Code("database")
    }

    public var code: Code
    /// What went wrong and how to fix it, for an operator.
    public var message: String
    /// The error this one was made from, if any (a GRDB `DatabaseError`, a `POSIXError`, ...).
    public var underlying: (any Error)?

    public init(code: Code, message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    public var description: String {
        guard let underlying else { return message }
        return "\(message) (\(Self.summary(of: underlying)))"
    }

    /// The same as ``description``, so that `localizedDescription` is useful too.
    public var errorDescription: String? { description }
}
