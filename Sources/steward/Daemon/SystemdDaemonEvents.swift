import StewardReconciler
import StewardSystemd

/// The daemon's events, told to systemd through sd_notify. Without `NOTIFY_SOCKET` every call
/// is a silent no-op.
struct SystemdDaemonEvents: DaemonEvents {
    let notifier: SystemdNotifier
    /// How long to ask for, each time, while in-flight reconciles drain after SIGTERM.
    let drainExtension: Duration

    init(notifier: SystemdNotifier = SystemdNotifier(), drainExtension: Duration = .seconds(30)) {
        self.notifier = notifier
        self.drainExtension = drainExtension
    }

    func ready() { _ = notifier.ready() }
    func reloading() { _ = notifier.reloading() }

    func stopping() {
        _ = notifier.stopping(status: "stopping: finishing in-flight reconciles")
        _ = notifier.extendTimeout(drainExtension)
    }

    func status(_ line: String) { _ = notifier.status(line) }
    func heartbeat() { _ = notifier.watchdog() }
}
