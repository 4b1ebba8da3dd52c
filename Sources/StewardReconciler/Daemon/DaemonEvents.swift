/// What the daemon tells its service manager. The reconciler never calls libsystemd itself:
/// the executable passes an implementation backed by sd_notify; tests pass their own.
public protocol DaemonEvents: Sendable {
    /// The store is open and the first scan is queued.
    func ready()
    /// A reload (SIGHUP) started; `ready()` follows when it is done.
    func reloading()
    /// Shutdown started: no new work is taken.
    func stopping()
    /// A one-line summary of the state, kept current.
    func status(_ line: String)
    /// Proof of life from the reconcile machinery (watchdog). Not sent while a reconcile is wedged.
    func heartbeat()
    /// One reconcile of one name ended, after the queue took its outcome (metrics, the HTTP API).
    func reconciled(_ report: ReconcileReport, duration: Duration)
}

extension DaemonEvents {
    /// Most observers do not care about single reconciles.
    public func reconciled(_ report: ReconcileReport, duration: Duration) {}
}

/// Events that go nowhere.
public struct SilentDaemonEvents: DaemonEvents {
    public init() {}
    public func ready() {}
    public func reloading() {}
    public func stopping() {}
    public func status(_ line: String) {}
    public func heartbeat() {}
}
