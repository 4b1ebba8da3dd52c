/// What one client may cost the HTTP API: how long it may take to send a request and how many
/// connections a listener serves at once (the `api:` section's `headerTimeout`, `readTimeout`,
/// `idleTimeout`, `maxConnections`, or the `--api-*` flags).
///
/// The defaults keep a slow client on loopback from exhausting the API: a connection that sends
/// nothing, or dribbles its headers, is closed `headerTimeout` after it opened; a body that
/// dribbles is cut `readTimeout` after its head; a kept-alive connection without a next request
/// is closed after `idleTimeout`; beyond `maxConnections` per listener, new connections wait in
/// the kernel's backlog until one of these frees a slot.
package struct ConnectionLimits: Sendable, Hashable {
    package static let defaultHeaderTimeout = Duration.seconds(10)
    package static let defaultReadTimeout = Duration.seconds(30)
    package static let defaultIdleTimeout = Duration.seconds(30)
    package static let defaultMaxConnections = 128

    package var headerTimeout: Duration
    package var readTimeout: Duration
    package var idleTimeout: Duration
    package var maxConnections: Int

    /// The defaults.
    package init() {
        headerTimeout = Self.defaultHeaderTimeout
        readTimeout = Self.defaultReadTimeout
        idleTimeout = Self.defaultIdleTimeout
        maxConnections = Self.defaultMaxConnections
    }

    /// Checked values: timeouts from 1 ms to 1 h, 1 to 100000 connections.
    package init(headerTimeout: Duration = defaultHeaderTimeout, readTimeout: Duration = defaultReadTimeout,
                idleTimeout: Duration = defaultIdleTimeout, maxConnections: Int = defaultMaxConnections) throws(APIConfigurationError) {
        for (key, value) in [("headerTimeout", headerTimeout), ("readTimeout", readTimeout), ("idleTimeout", idleTimeout)]
        where value < .milliseconds(1) || value > .seconds(3600) {
            throw APIConfigurationError("api.\(key): \(value) is out of range; give a duration from 1ms to 1h, e.g. 10s")
        }
        guard (1...100_000).contains(maxConnections) else {
            throw APIConfigurationError("api.maxConnections: \(maxConnections) is out of range; give a number from 1 to 100000, e.g. 128")
        }
        self.headerTimeout = headerTimeout
        self.readTimeout = readTimeout
        self.idleTimeout = idleTimeout
        self.maxConnections = maxConnections
    }
}
