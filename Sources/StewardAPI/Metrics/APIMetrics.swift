import Foundation
import StewardReconciler
import StewardSpec
import Synchronization

/// The daemon's figures for `/metrics`, collected from its events (`DaemonEvents`): reconciles
/// by result, their durations, retries, and whether the daemon is ready. What the store and the
/// queue know (integrations per status, queue depth, last resync) is read when scraped.
package final class APIMetrics: DaemonEvents {
    struct State {
        var ready = false
        var stopping = false
        var reconciles: [String: Int] = [:]
        var retries = 0
        var durations = Histogram(bounds: Histogram.reconcileBuckets)
    }

    let state = Mutex(State())

    package init() {}

    /// The store is open and the first scan is queued, and no shutdown has begun.
    package var isReady: Bool { state.withLock { $0.ready && !$0.stopping } }

    package func ready() { state.withLock { $0.ready = true } }
    package func reloading() {}
    package func stopping() { state.withLock { $0.stopping = true } }
    package func status(_ line: String) {}
    package func heartbeat() {}

    package func reconciled(_ report: ReconcileReport, duration: Duration) {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        state.withLock { state in
            state.reconciles[Self.result(report.disposition), default: 0] += 1
            state.durations.observe(seconds)
            if report.disposition == .transientFailure { state.retries += 1 }
        }
    }

    static func result(_ disposition: ReconcileReport.Disposition) -> String {
        switch disposition {
        case .converged: "success"
        case .transientFailure: "transient_failure"
        case .permanentFailure: "permanent_failure"
        case .idle: "idle"
        case .fileReturned: "file_returned"
        }
    }

    /// What the store and the queue say at scrape time.
    package struct Snapshot: Sendable {
        package var statusCounts: [IntegrationStatus: Int]
        package var queueDepth: Int
        package var inFlight: Int
        package var lastResync: Date?

        package init(statusCounts: [IntegrationStatus: Int], queueDepth: Int, inFlight: Int, lastResync: Date?) {
            self.statusCounts = statusCounts
            self.queueDepth = queueDepth
            self.inFlight = inFlight
            self.lastResync = lastResync
        }
    }

    /// The exposition text.
    package func render(_ snapshot: Snapshot) -> String {
        let state = state.withLock { $0 }
        var out = PrometheusText()
        out.family("steward_reconciles_total", type: "counter", help: "Reconciles finished, by result.")
        for result in ["success", "transient_failure", "permanent_failure", "idle"] {
            out.sample("steward_reconciles_total", Double(state.reconciles[result] ?? 0), labels: [("result", result)])
        }
        out.histogram("steward_reconcile_duration_seconds", help: "How long one reconcile of one integration took.", state.durations)
        out.family("steward_retries_total", type: "counter", help: "Reconciles that failed transiently and were scheduled again with backoff.")
        out.sample("steward_retries_total", Double(state.retries))
        out.family("steward_queue_depth", type: "gauge", help: "Integration names waiting in the work queue.")
        out.sample("steward_queue_depth", Double(snapshot.queueDepth))
        out.family("steward_reconciles_in_flight", type: "gauge", help: "Integrations being reconciled now.")
        out.sample("steward_reconciles_in_flight", Double(snapshot.inFlight))
        out.family("steward_integrations", type: "gauge", help: "Integrations per status.")
        for status in IntegrationStatus.allCases {
            out.sample("steward_integrations", Double(snapshot.statusCounts[status] ?? 0), labels: [("status", status.rawValue)])
        }
        out.family("steward_last_resync_timestamp_seconds", type: "gauge",
                   help: "When the last full rescan of the spec folder and the store succeeded (Unix time; 0 before the first).")
        out.sample("steward_last_resync_timestamp_seconds", snapshot.lastResync.map { $0.timeIntervalSince1970.rounded() } ?? 0)
        out.family("steward_ready", type: "gauge", help: "1 once the store is open and the first scan is queued, 0 while starting or stopping.")
        out.sample("steward_ready", state.ready && !state.stopping ? 1 : 0)
        return out.text
    }
}
