import CoreMetrics
import Foundation
import StewardReconciler
import StewardSpec
import Testing
@testable import StewardAPI

/// The daemon's metrics as swift-prometheus renders them, without a daemon.
@Suite struct DaemonMetricsTests {
    @Test func recordedMetricsRenderAsParsableTextWithHistogramInvariants() throws {
        let exported = APIMetrics()
        let metrics = DaemonMetrics(factory: exported.factory, resyncInterval: .seconds(600), processStart: Date(timeIntervalSince1970: 1_699_999_000))
        for (disposition, milliseconds) in [(ReconcileReport.Disposition.converged, 30), (.converged, 700), (.transientFailure, 4000), (.permanentFailure, 90_000)] {
            metrics.reconciled(disposition, duration: .milliseconds(milliseconds))
        }
        metrics.observe(statusCounts: [.enabled: 3, .createError: 1])
        metrics.observe(queueDepth: 2, inFlight: 1)
        metrics.resynced(at: Date(timeIntervalSince1970: 1_700_000_000))
        metrics.ready(true)

        let text = exported.render()
        let families = try PrometheusParser.parse(text)
        #expect(families["steward_reconciles_total"]?.value(["result": "success"]) == 2)
        #expect(families["steward_reconciles_total"]?.value(["result": "transient_failure"]) == 1)
        #expect(families["steward_reconciles_total"]?.value(["result": "idle"]) == 0)
        #expect(families["steward_retries_total"]?.value([:]) == 1)
        #expect(families["steward_queue_depth"]?.value([:]) == 2)
        #expect(families["steward_reconciles_in_flight"]?.value([:]) == 1)
        #expect(families["steward_integrations"]?.value(["status": "enabled"]) == 3)
        #expect(families["steward_integrations"]?.value(["status": "deleted"]) == 0)
        #expect(families["steward_integrations"]?.samples.count == IntegrationStatus.allCases.count)
        #expect(families["steward_last_resync_timestamp_seconds"]?.value([:]) == 1_700_000_000)
        #expect(families["steward_resync_interval_seconds"]?.value([:]) == 600)
        #expect(families["process_start_time_seconds"]?.value([:]) == 1_699_999_000)
        #expect(families["steward_ready"]?.value([:]) == 1)
        #expect(text.contains("# HELP steward_reconciles_total Reconciles finished, by result.\n"))

        let histogram = try #require(families["steward_reconcile_duration_seconds"])
        #expect(histogram.type == "histogram")
        let buckets = histogram.samples.filter { $0.name.hasSuffix("_bucket") }
        #expect(buckets.count == DaemonMetrics.durationBuckets.count + 1)
        #expect(buckets.map(\.value) == buckets.map(\.value).sorted(), "buckets are cumulative")
        #expect(histogram.value(["le": "+Inf"], suffix: "_bucket") == 4)
        #expect(histogram.value(["le": "0.05"], suffix: "_bucket") == 1)
        #expect(histogram.value(["le": "120.0"], suffix: "_bucket") == 4)
        #expect(histogram.value([:], suffix: "_count") == 4)
        #expect(abs((histogram.value([:], suffix: "_sum") ?? 0) - 94.73) < 0.001)

        metrics.ready(false)
        #expect(try PrometheusParser.parse(exported.render())["steward_ready"]?.value([:]) == 0)
    }

    @Test func eachRegistryKeepsItsOwnFigures() throws {
        let first = APIMetrics()
        let second = APIMetrics()
        let one = DaemonMetrics(factory: first.factory, resyncInterval: .seconds(60))
        _ = DaemonMetrics(factory: second.factory, resyncInterval: .seconds(120))
        one.reconciled(.converged, duration: .milliseconds(5))
        #expect(try PrometheusParser.parse(first.render())["steward_reconciles_total"]?.value(["result": "success"]) == 1)
        #expect(try PrometheusParser.parse(second.render())["steward_reconciles_total"]?.value(["result": "success"]) == 0)
        #expect(try PrometheusParser.parse(second.render())["steward_resync_interval_seconds"]?.value([:]) == 120)
    }

    /// Hummingbird's labels (`hb.requests`, `http.route`) become valid Prometheus names, and label
    /// values are escaped.
    @Test func dottedLabelsBecomeValidNamesAndValuesAreEscaped() throws {
        let exported = APIMetrics()
        Counter(label: "hb.requests", dimensions: [("http.route", "quote \" back \\ line \n end")], factory: exported.factory).increment()
        let families = try PrometheusParser.parse(exported.render())
        #expect(families["hb_requests"]?.type == "counter")
        #expect(families["hb_requests"]?.samples.first?.labels["http_route"] == "quote \" back \\ line n end")
    }
}
