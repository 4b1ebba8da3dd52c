import Synchronization

/// What Steward's connections said to the server, recorded only while a caller asks for it
/// (tests and `steward` diagnostics): each exchange is one round trip, the statements it
/// carried (redacted texts) and the database it went to.
///
/// A query is an exchange of one statement; a pipeline (`PGConnection.pipeline`) is one exchange
/// of all of its statements, which is how a test sees that a plan went to the server in one
/// round trip, and counts what a routine check costs. Off everywhere else: one task-local read
/// per exchange when no trace is set.
package final class PGTrace: Sendable {
    /// The trace exchanges made in this task (and its child tasks) are recorded in, if any.
    @TaskLocal package static var current: PGTrace?

    /// One round trip.
    package struct Exchange: Sendable, Hashable {
        /// The database of the connection.
        package let database: String
        /// The redacted text of each statement sent, in order.
        package let statements: [String]
    }

    private let state = Mutex<(exchanges: [Exchange], connections: [String])>(([], []))

    package init() {}

    /// Every exchange so far, in the order they began.
    package var exchanges: [Exchange] { state.withLock { $0.exchanges } }
    /// The database of every connection opened so far (each costs its own round trips).
    package var connections: [String] { state.withLock { $0.connections } }

    func exchange(database: String, statements: [String]) {
        state.withLock { $0.exchanges.append(Exchange(database: database, statements: statements)) }
    }

    func connected(database: String) {
        state.withLock { $0.connections.append(database) }
    }
}
