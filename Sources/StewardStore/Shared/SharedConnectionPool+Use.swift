import StewardWarehouse

extension SharedConnectionPool {
    /// Runs `body` on a connection of its own and gives the connection back (closed if it was
    /// lost). With `retry` (reads only), a lost connection is replaced and `body` runs once
    /// more: an idle connection may have died meanwhile (a server restart). Writes are never
    /// retried: the first attempt may have been recorded.
    ///
    /// A `StoreError` thrown by `body` passes unchanged; any other failure becomes a
    /// `StoreError` about `action` (`write` says whether something may have been recorded).
    nonisolated func use<T>(
        _ action: String, write: Bool, retry: Bool, _ body: (PGConnection) async throws -> T
    ) async throws(StoreError) -> T {
        var retried = false
        while true {
            let connection: PGConnection
            do {
                // The store has its own fence, in the database: the warehouse's does not apply.
                connection = try await WarehouseFence.$permit.withValue(nil) { try await checkout() }
            } catch {
                // Nothing was sent: nothing can have been recorded.
                throw StoreError.shared(error, action: action, parameters: parameters, write: false, term: nil)
            }
            do {
                let value = try await WarehouseFence.$permit.withValue(nil) { try await body(connection) }
                await checkin(connection, reusable: true)
                return value
            } catch {
                let lost = Self.isConnectionLost(error)
                await checkin(connection, reusable: !lost)
                if lost && retry && !retried {
                    retried = true
                    continue
                }
                throw StoreError.shared(error, action: action, parameters: parameters, write: write, term: nil)
            }
        }
    }

    /// Whether `error` means the connection is gone (it is then closed, not reused).
    static func isConnectionLost(_ error: any Error) -> Bool {
        (error as? WarehouseError)?.kind == .connectionFailed
    }
}
