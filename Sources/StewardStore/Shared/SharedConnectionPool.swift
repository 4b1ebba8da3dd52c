import StewardWarehouse

/// A few libpq connections to the shared status database, opened when first needed.
///
/// A caller checks a connection out, uses it alone (a write's transaction spans more than one
/// round trip) and checks it back in, saying whether it is still usable. A connection that
/// failed (`WarehouseError.Kind.connectionFailed`) is closed instead of kept, so the next
/// checkout connects afresh: that is how the store reconnects after the server restarted or the
/// network broke. When every connection is out, callers wait their turn.
actor SharedConnectionPool {
    /// Where the connections go. The password is used only by libpq.
    nonisolated let parameters: ConnectionParameters
    /// At most this many connections are open at once.
    nonisolated let capacity: Int

    private var idle: [PGConnection] = []
    /// Connections open (idle or checked out) or being opened.
    private var opened = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private var isClosed = false

    /// How long the server lets a session sit idle inside a transaction before ending it: a
    /// writer that stalls between the round trips of a write (a hung process, a cut network)
    /// would otherwise keep its share lock on the leader row, and no other daemon could take
    /// the lease. A daemon sets it to a third of its lease (`SharedStatusStore.open`), so that
    /// a leader frozen mid-write delays a takeover by that much at most.
    nonisolated let idleInTransactionTimeout: Duration

    /// The default when nobody says: a minute.
    static let defaultIdleInTransactionTimeout = Duration.seconds(60)

    init(parameters: ConnectionParameters, capacity: Int, idleInTransactionTimeout: Duration = defaultIdleInTransactionTimeout) {
        self.parameters = parameters
        self.capacity = max(1, capacity)
        self.idleInTransactionTimeout = max(idleInTransactionTimeout, .milliseconds(100))
    }

    /// A connection for the caller's use alone; give it back with ``checkin(_:reusable:)``.
    func checkout() async throws(WarehouseError) -> PGConnection {
        while true {
            if isClosed {
                throw WarehouseError(kind: .connectionFailed, message: "the store was closed", fix: "open the store again")
            }
            if let connection = idle.popLast() { return connection }
            if opened < capacity {
                opened += 1
                do {
                    return try await Self.connect(parameters, idleInTransactionTimeout: idleInTransactionTimeout)
                } catch {
                    opened -= 1
                    resumeOneWaiter()
                    throw error
                }
            }
            await withCheckedContinuation { waiters.append($0) }
        }
    }

    /// Takes a connection back: kept for the next caller if `reusable`, closed otherwise. A
    /// connection that was lost closes the idle ones too: what ended one session (a server
    /// restart, a network cut) most likely ended them all, and the next caller should not be
    /// the one to find out.
    func checkin(_ connection: PGConnection, reusable: Bool) {
        if reusable && !isClosed {
            idle.append(connection)
        } else {
            connection.close()
            opened -= 1
            if !reusable {
                for other in idle { other.close() }
                opened -= idle.count
                idle.removeAll()
            }
        }
        resumeOneWaiter()
    }

    /// Closes the idle connections now and every other one when it comes back.
    func close() {
        isClosed = true
        for connection in idle { connection.close() }
        opened -= idle.count
        idle.removeAll()
        let waiting = waiters
        waiters.removeAll()
        for waiter in waiting { waiter.resume() }
    }

    private func resumeOneWaiter() {
        if !waiters.isEmpty { waiters.removeFirst().resume() }
    }

    private static func connect(_ parameters: ConnectionParameters, idleInTransactionTimeout: Duration) async throws(WarehouseError) -> PGConnection {
        let connection: PGConnection
        do {
            connection = try await PGConnection.connect(parameters)
        } catch let error as WarehouseError {
            throw error
        } catch {
            throw WarehouseError(kind: .connectionFailed, message: "libpq failed to connect (\(type(of: error)))")
        }
        do {
            // An integer of milliseconds computed here: nothing from outside reaches this text.
            let (seconds, attoseconds) = idleInTransactionTimeout.components
            let milliseconds = seconds * 1000 + attoseconds / 1_000_000_000_000_000
            try await connection.query("SET idle_in_transaction_session_timeout = \(milliseconds)")
        } catch {
            connection.close()
            throw (error as? WarehouseError)
                ?? WarehouseError(kind: .connectionFailed, message: "the new session could not be set up (\(type(of: error)))")
        }
        return connection
    }
}
