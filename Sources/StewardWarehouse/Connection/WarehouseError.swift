/// An error talking to the warehouse, as a value: what failed, the SQLSTATE when the server
/// sent one, a plain message, and how to fix it.
///
/// Messages never carry passwords: `ConnectionParameters` scrubs any occurrence of the password
/// from libpq's text before an error is built, and statement text in errors is the redacted form.
package struct WarehouseError: Error, Sendable, Hashable, CustomStringConvertible {
    package enum Kind: String, Sendable, Hashable {
        /// The server could not be reached (refused, DNS, network, server shutting down).
        case connectionFailed
        /// The server rejected the user name or password.
        case authenticationFailed
        /// The database to connect to does not exist.
        case databaseNotFound
        /// TLS could not be negotiated as `sslMode` asks.
        case tlsFailed
        /// connect_timeout or statement_timeout expired.
        case timeout
        /// The account lacks a privilege (SQLSTATE 42501).
        case insufficientPrivilege
        /// Any other error the server reported for a statement.
        case statementFailed
        /// A name was refused by the identifier or literal rules before any SQL was sent.
        case invalidName
        /// The server answered in a way Steward cannot interpret.
        case unexpectedResponse
        /// Nothing was sent: this daemon no longer leads the daemons sharing its store (`WarehouseFence`).
        case notLeading
    }

    package var kind: Kind
    /// Five-character SQLSTATE, when the server sent one.
    package var sqlState: String?
    /// What went wrong, in plain words.
    package var message: String
    /// What to do about it.
    package var fix: String?
    /// The redacted statement or step that failed, if any.
    package var statement: String?

    package init(kind: Kind, sqlState: String? = nil, message: String, fix: String? = nil, statement: String? = nil) {
        self.kind = kind
        self.sqlState = sqlState
        self.message = message
        self.fix = fix
        self.statement = statement
    }

    /// Transient errors are retried with backoff; permanent ones wait for a change of the spec.
    ///
    /// Transient: connection failures, timeouts, SQLSTATE classes 08 and 53, 57P*, 57014
    /// (statement timeout), 40001 and 40P01. Everything else is permanent.
    package var isTransient: Bool {
        switch kind {
        case .connectionFailed, .timeout, .notLeading: return true
        case .authenticationFailed, .databaseNotFound, .tlsFailed, .insufficientPrivilege, .invalidName, .unexpectedResponse:
            return false
        case .statementFailed:
            guard let state = sqlState else { return false }
            return Self.isTransientSQLState(state)
        }
    }

    package static func isTransientSQLState(_ state: String) -> Bool {
        state.hasPrefix("08") || state.hasPrefix("53") || state.hasPrefix("57P") || state == "57014"
            || state == "40001" || state == "40P01"
    }

    package var description: String {
        var text = message
        if let sqlState { text += " (SQLSTATE \(sqlState))" }
        if let statement { text += " while running: \(statement)" }
        if let fix { text += ". \(fix)" }
        return text
    }
}
