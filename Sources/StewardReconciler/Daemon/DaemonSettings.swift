/// How the daemon runs. Defaults follow DESIGN.md: 4 workers, resync every 10 minutes (±10 %),
/// backoff from 1 s to 5 min with full jitter, no debounce of file events, deletion 5 s after a
/// file goes (if it stays gone). The watcher reacts only to complete files (close-write,
/// moved-to); a name already queued is queued once however many events arrive, and a change that
/// arrives while the name is being reconciled runs it once more afterwards (which finds the
/// digest it just applied and does nothing). So a debounce buys nothing but latency: a file is
/// picked up the moment it is complete.
package struct DaemonSettings: Sendable, Hashable {
    package var specDirectory: String
    package var workers: Int
    package var resyncInterval: Duration
    package var backoff: Backoff
    package var debounce: Duration
    /// How often to retry watching a folder that is missing or unreadable.
    package var folderRetryInterval: Duration
    /// A reconcile in flight longer than this counts as wedged: watchdog pings stop.
    package var stallLimit: Duration
    /// How long a spec file must stay gone before its integration is deleted (`RemovalGrace`).
    package var removalGrace: Duration
    #if STEWARD_FAULT_HOOKS
    /// Fault hook, compiled only into test builds (debug, and the end-to-end test's release
    /// build with `-DSTEWARD_FAULT_HOOKS`): a worker that picks this integration blocks
    /// forever, as a wedged reconcile would (set from `STEWARD_FAULT_WEDGE`). A production
    /// build (`Deploy/install.sh`, `Deploy/build-deb.sh`) has neither the field nor the variable.
    package var faultWedgeIntegration: String?
    #endif

    package init(specDirectory: String, workers: Int = 4, resyncInterval: Duration = .seconds(600),
                backoff: Backoff = Backoff(), debounce: Duration = .zero,
                folderRetryInterval: Duration = .seconds(2), stallLimit: Duration = .seconds(900),
                removalGrace: Duration = .seconds(5)) {
        self.specDirectory = specDirectory
        self.workers = max(1, workers)
        self.resyncInterval = resyncInterval
        self.backoff = backoff
        self.debounce = debounce
        self.folderRetryInterval = folderRetryInterval
        self.stallLimit = stallLimit
        self.removalGrace = max(removalGrace, .zero)
    }
}
