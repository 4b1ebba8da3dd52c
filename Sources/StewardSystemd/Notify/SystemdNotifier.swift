import CSystemd
#if canImport(Glibc)
import Glibc
#endif

/// Tells the service manager what the daemon is doing, through the `sd_notify(3)` protocol.
///
/// Without `NOTIFY_SOCKET` (a terminal, a test, a unit that is not `Type=notify`) every call is a
/// silent no-op and returns `false`; `isEnabled` says which case applies. Calls never throw: a
/// failed notification must not stop the daemon, and systemd reacts to missing ones on its own
/// (start timeout, watchdog).
///
/// The daemon sends:
/// - ``ready(status:)`` once the store is open and the first scan is queued, and again after a reload;
/// - ``status(_:)`` with a one-line summary whenever it changes;
/// - ``reloading(status:)`` on SIGHUP before re-reading its configuration;
/// - ``stopping(status:)`` on SIGTERM, then ``extendTimeout(_:)`` while in-flight steps drain;
/// - ``watchdog()`` from the reconcile loop itself (see ``WatchdogSettings``).
///
/// A value is cheap to copy and safe to share between tasks: each call opens nothing that outlives it.
package struct SystemdNotifier: Sendable {
    private let destination: NotifyDestination

    /// A notifier for this process: `sd_notify(3)` reads `NOTIFY_SOCKET` from the process
    /// environment on every call. Use this in the daemon.
    package init() {
        let socket = getenv("NOTIFY_SOCKET").map { String(cString: $0) } ?? ""
        destination = socket.isEmpty ? .disabled : .libsystemd
    }

    /// A notifier for the socket named by `environment["NOTIFY_SOCKET"]` (an absolute path, or
    /// `@name` for the abstract namespace), sent to directly rather than through libsystemd.
    /// For callers that hold an environment of their own, such as tests running in parallel
    /// in one process, which must not change the process environment.
    package init(environment: [String: String]) {
        destination = NotifyDestination(socket: environment["NOTIFY_SOCKET"])
    }

    /// Whether notifications go anywhere. False when `NOTIFY_SOCKET` is unset, empty, or
    /// (for an injected environment) not an absolute path or abstract name.
    package var isEnabled: Bool {
        if case .disabled = destination { return false }
        return true
    }

    /// `READY=1`: start-up (or a reload) is complete. With `status`, `STATUS=` goes in the same datagram.
    @discardableResult
    package func ready(status: String? = nil) -> Bool {
        send(["READY": "1"], status: status)
    }

    /// `RELOADING=1` with `MONOTONIC_USEC=` (the current `CLOCK_MONOTONIC` time, which newer
    /// systemd versions use to match the reload with the `READY=1` that ends it).
    /// Follow with ``ready(status:)`` once the reload is done.
    @discardableResult
    package func reloading(status: String? = nil) -> Bool {
        send(["RELOADING": "1", "MONOTONIC_USEC": String(MonotonicClock.microseconds())], status: status)
    }

    /// `STOPPING=1`: shutdown has begun.
    @discardableResult
    package func stopping(status: String? = nil) -> Bool {
        send(["STOPPING": "1"], status: status)
    }

    /// `STATUS=`: a one-line, human-readable summary shown by `systemctl status`.
    /// The line is sanitised by ``StatusLine`` (one line, no control characters, bounded length).
    @discardableResult
    package func status(_ line: String) -> Bool {
        send([:], status: line)
    }

    /// `WATCHDOG=1`: the reconcile loop is alive. Call it from the loop itself, never from a timer
    /// of its own (see ``WatchdogSettings``).
    @discardableResult
    package func watchdog() -> Bool {
        send(["WATCHDOG": "1"], status: nil)
    }

    /// `EXTEND_TIMEOUT_USEC=`: asks for `duration` more before the current start, reload or stop
    /// timeout fires. Send it repeatedly while draining, each time with the time still needed.
    /// Negative durations count as zero.
    @discardableResult
    package func extendTimeout(_ duration: Duration) -> Bool {
        send(["EXTEND_TIMEOUT_USEC": String(Self.microseconds(duration))], status: nil)
    }

    /// `MAINPID=`: the process systemd should treat as the service's main process.
    @discardableResult
    package func mainPID(_ pid: Int32) -> Bool {
        send(["MAINPID": String(pid)], status: nil)
    }

    /// Sends the assignments (in a fixed order, so datagrams are reproducible) and the optional
    /// sanitised status line as one datagram.
    private func send(_ assignments: [String: String], status: String?) -> Bool {
        var lines = assignments.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        if let status { lines.append("STATUS=\(StatusLine.sanitized(status))") }
        let message = lines.joined(separator: "\n")
        switch destination {
        case .disabled:
            return false
        case .libsystemd:
            return sd_notify(0, message) > 0
        case .socket(let address):
            return NotifyDatagram.send(message, to: address)
        }
    }

    /// Whole microseconds in `duration`, clamped to zero below and to `UInt64.max` above.
    static func microseconds(_ duration: Duration) -> UInt64 {
        let (seconds, attoseconds) = duration.components
        guard seconds >= 0 else { return 0 }
        let (whole, overflow) = UInt64(seconds).multipliedReportingOverflow(by: 1_000_000)
        guard !overflow else { return .max }
        let (total, carry) = whole.addingReportingOverflow(UInt64(attoseconds / 1_000_000_000_000))
        return carry ? .max : total
    }
}
