import CSystemd
#if canImport(Glibc)
import Glibc
#endif

/// The service watchdog systemd expects this process to feed, from `WatchdogSec=` in the unit
/// (which systemd passes as `WATCHDOG_USEC`, and `WATCHDOG_PID` naming the process it applies to).
///
/// Ping with ``SystemdNotifier/watchdog()`` every ``pingInterval`` (half the timeout, as
/// `sd_watchdog_enabled(3)` advises) **from the reconcile loop itself**: each pass of the loop,
/// including its idle wait for work, must finish within ``pingInterval`` and then ping. A loop
/// that wedges stops pinging, and systemd restarts the service (`Restart=on-failure`). Never ping
/// from a timer or task that runs on its own: it would keep a dead loop looking alive.
/// So the loop's wait for work has to time out after at most ``pingInterval``, even when idle.
package struct WatchdogSettings: Sendable, Equatable {
    /// The time after which systemd considers the service hung (`WATCHDOG_USEC`).
    package let timeout: Duration

    /// How often to ping: half of ``timeout``.
    package var pingInterval: Duration { timeout / 2 }

    /// Settings for a watchdog `timeout` (which must be positive).
    package init(timeout: Duration) {
        self.timeout = timeout
    }

    /// The watchdog of this process as `sd_watchdog_enabled(3)` reports it, or nil when systemd
    /// expects no pings (no `WATCHDOG_USEC`, or a `WATCHDOG_PID` that names another process).
    package static func current() -> WatchdogSettings? {
        var microseconds: UInt64 = 0
        guard sd_watchdog_enabled(0, &microseconds) > 0, microseconds > 0 else { return nil }
        return WatchdogSettings(microseconds: microseconds)
    }

    /// The watchdog described by an injected environment, with the same rules as
    /// `sd_watchdog_enabled(3)`: `WATCHDOG_USEC` must be a positive integer, and `WATCHDOG_PID`,
    /// when present, must be `processID`. Nil otherwise.
    package init?(environment: [String: String], processID: Int32 = getpid()) {
        guard let text = environment["WATCHDOG_USEC"], let microseconds = UInt64(text), microseconds > 0 else {
            return nil
        }
        if let pid = environment["WATCHDOG_PID"], Int32(pid) != processID { return nil }
        self.init(microseconds: microseconds)
    }

    private init(microseconds: UInt64) {
        let seconds = microseconds / 1_000_000
        let rest = microseconds % 1_000_000
        self.init(timeout: .seconds(Int64(clamping: seconds)) + .microseconds(Int64(rest)))
    }
}
