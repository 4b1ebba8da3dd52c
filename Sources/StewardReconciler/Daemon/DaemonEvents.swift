/// What the daemon tells its service manager. The reconciler never calls libsystemd itself:
/// the executable passes an implementation backed by sd_notify; tests pass their own.
package protocol DaemonEvents: Sendable {
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
    /// One reconcile of one name ended, after the queue took its outcome (the HTTP API). The
    /// daemon records its own metrics (`DaemonMetrics`); observers need not.
    func reconciled(_ report: ReconcileReport, duration: Duration) async
}

extension DaemonEvents {
    /// Most observers do not care about single reconciles.
    package func reconciled(_ report: ReconcileReport, duration: Duration) async {}
}

/// Events that go nowhere.
package struct SilentDaemonEvents: DaemonEvents {
    package init() {}
    package func ready() {}
    package func reloading() {}
    package func stopping() {}
    package func status(_ line: String) {}
    package func heartbeat() {}
}
