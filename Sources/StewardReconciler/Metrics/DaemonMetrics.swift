import CoreMetrics
import Foundation
import StewardSpec

/// The daemon's own metrics, recorded through swift-metrics where things happen: a reconcile
/// ends (`steward_reconciles_total{result}`, `steward_reconcile_duration_seconds`,
/// `steward_retries_total`), a rescan is recorded (`steward_last_resync_timestamp_seconds`),
/// readiness changes (`steward_ready`), the status line is published (`steward_integrations{status}`).
/// What only a scrape needs to be current (queue depth, in-flight count, and status counts that
/// the HTTP API changed) is set by `observe`, which `/metrics` calls before rendering.
///
/// The factory is passed in, never taken from swift-metrics' global `MetricsSystem`: that can be
/// bootstrapped once per process, and a test process runs many daemons, each with its own
/// registry. `steward run` also bootstraps the global system with the same factory, only for
/// Hummingbird's `MetricsMiddleware`, which has no factory argument.
package struct DaemonMetrics: Sendable {
    /// The upper bounds of `steward_reconcile_duration_seconds`; `+Inf` is implied.
    package static let durationBuckets: [Duration] = [
        .milliseconds(10), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
        .milliseconds(2500), .seconds(5), .seconds(10), .seconds(30), .seconds(60), .seconds(120),
    ]

    /// What each family means (the exposition's `# HELP` lines).
    package static let help: [String: String] = [
        "steward_reconciles_total": "Reconciles finished, by result.",
        "steward_reconcile_duration_seconds": "How long one reconcile of one integration took.",
        "steward_retries_total": "Reconciles that failed transiently and were scheduled again with backoff.",
        "steward_queue_depth": "Integration names waiting in the work queue.",
        "steward_reconciles_in_flight": "Integrations being reconciled now.",
        "steward_integrations": "Integrations per status.",
        "steward_last_resync_timestamp_seconds":
            "When the last full rescan of the spec folder and the store succeeded (Unix time; 0 before the first).",
        "steward_resync_interval_seconds": "The configured interval between full rescans (each one is jittered by 10 %).",
        "steward_ready": "1 once the store is open and the first scan is queued, 0 while starting or stopping.",
        "process_start_time_seconds": "When the steward process started (Unix time).",
        "steward_leader": "1 while this daemon leads (always, for a status store of its own), else 0.",
        "steward_leader_term": "The leadership term this daemon last saw in the shared status database (0 for a store of its own).",
        "steward_member_last_heartbeat_timestamp_seconds":
            "When each daemon sharing the status database last sent its heartbeat (Unix time, the database's clock).",
    ]

    /// The `result` label of each disposition that is counted (a called-off removal is not a result).
    static let results: [ReconcileReport.Disposition: String] = [
        .converged: "success", .transientFailure: "transient_failure", .permanentFailure: "permanent_failure", .idle: "idle",
    ]

    let reconciles: [ReconcileReport.Disposition: Counter]
    let duration: CoreMetrics.Timer
    let retries: Counter
    let queueDepth: Gauge
    let inFlight: Gauge
    let integrations: [IntegrationStatus: Gauge]
    let lastResync: Gauge
    let ready: Gauge
    let leader: Gauge
    let leaderTerm: Gauge
    let factory: any MetricsFactory

    /// Registers every family, at zero where nothing happened yet, so that a scrape right after
    /// startup already lists each result and status.
    package init(factory: any MetricsFactory, resyncInterval: Duration, processStart: Date = ProcessStartTime.date) {
        reconciles = Self.results.mapValues { Counter(label: "steward_reconciles_total", dimensions: [("result", $0)], factory: factory) }
        duration = CoreMetrics.Timer(label: "steward_reconcile_duration_seconds", preferredDisplayUnit: .seconds, factory: factory)
        retries = Counter(label: "steward_retries_total", factory: factory)
        queueDepth = Gauge(label: "steward_queue_depth", factory: factory)
        inFlight = Gauge(label: "steward_reconciles_in_flight", factory: factory)
        integrations = Dictionary(uniqueKeysWithValues: IntegrationStatus.allCases.map {
            ($0, Gauge(label: "steward_integrations", dimensions: [("status", $0.rawValue)], factory: factory))
        })
        lastResync = Gauge(label: "steward_last_resync_timestamp_seconds", factory: factory)
        ready = Gauge(label: "steward_ready", factory: factory)
        leader = Gauge(label: "steward_leader", factory: factory)
        leaderTerm = Gauge(label: "steward_leader_term", factory: factory)
        self.factory = factory
        for gauge in [queueDepth, inFlight, lastResync, ready, leader, leaderTerm] + Array(integrations.values) { gauge.record(0) }
        Gauge(label: "steward_resync_interval_seconds", factory: factory).record(Self.seconds(resyncInterval))
        Gauge(label: "process_start_time_seconds", factory: factory).record(processStart.timeIntervalSince1970.rounded())
    }

    /// Whether this daemon leads, and the term it saw.
    package func leadership(leading: Bool, term: Int64) {
        leader.record(leading ? 1 : 0)
        leaderTerm.record(Double(term))
    }

    /// The members' last heartbeats (the database's clock).
    package func observe(heartbeats: [(member: String, at: Date)]) {
        for (member, at) in heartbeats {
            Gauge(label: "steward_member_last_heartbeat_timestamp_seconds", dimensions: [("member", member)], factory: factory)
                .record(at.timeIntervalSince1970.rounded())
        }
    }

    /// One reconcile of one name ended.
    package func reconciled(_ disposition: ReconcileReport.Disposition, duration: Duration) {
        reconciles[disposition]?.increment()
        if disposition == .transientFailure { retries.increment() }
        let (seconds, attoseconds) = duration.components
        self.duration.recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }

    /// A full rescan was recorded in the store.
    package func resynced(at date: Date) {
        lastResync.record(date.timeIntervalSince1970.rounded())
    }

    package func ready(_ isReady: Bool) {
        ready.record(isReady ? 1 : 0)
    }

    /// Every status gets a value, zero for those nobody has.
    package func observe(statusCounts: [IntegrationStatus: Int]) {
        for (status, gauge) in integrations { gauge.record(statusCounts[status] ?? 0) }
    }

    package func observe(queueDepth: Int, inFlight: Int) {
        self.queueDepth.record(queueDepth)
        self.inFlight.record(inFlight)
    }

    static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
