import Foundation
import StewardSpec

/// What the daemon tells about itself: readiness, the status line, and the gauges a scrape reads.
extension ReconcileDaemon {
    /// The first scan is queued (or a reload's rescan is), and no shutdown has begun.
    package var isReady: Bool {
        announcedReady.load(ordering: .sequentiallyConsistent) && !stopping.load(ordering: .sequentiallyConsistent)
    }

    func announceReady() async {
        announcedReady.store(true, ordering: .sequentiallyConsistent)
        metrics.ready(isReady)
        events.ready()
        await publishStatus()
    }

    /// The status line for the service manager; the per-status gauges from the same counts.
    func publishStatus() async {
        let now = Date()
        do {
            let counts = try await store.statusCounts()
            metrics.observe(statusCounts: counts)
            let line = StatusSummary.line(counts: counts, nextRetry: try await store.earliestNextAttempt(after: now), now: now)
            events.status(roleLine.map { "\($0); \(line)" } ?? line)
        } catch {
            // The line stays as it was; the next change publishes again.
        }
    }

    /// Brings the gauges that change without an event of the daemon's (the queue, reconciles in
    /// flight, records the HTTP API made) up to date; `/metrics` calls it before rendering. A
    /// store that cannot be read leaves the last counts in place.
    package func refreshMetrics() async {
        metrics.observe(queueDepth: await queueDepth(), inFlight: inFlightCount)
        if let counts = try? await store.statusCounts() {
            metrics.observe(statusCounts: counts)
        }
        if let leases, let members = try? await leases.members() {
            metrics.observe(heartbeats: members.compactMap { member in member.lastHeartbeat.map { (member.host, $0) } })
        }
    }
}
