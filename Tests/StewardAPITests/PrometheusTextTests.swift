import Foundation
import StewardReconciler
import StewardSpec
import Testing
@testable import StewardAPI

@Suite struct PrometheusTextTests {
    @Test func metricsRenderAsParsableTextWithHistogramInvariants() throws {
        let metrics = APIMetrics()
        #expect(!metrics.isReady)
        metrics.ready()
        #expect(metrics.isReady)
        for (disposition, milliseconds) in [(ReconcileReport.Disposition.converged, 30), (.converged, 700), (.transientFailure, 4000), (.permanentFailure, 90_000)] {
            metrics.reconciled(ReconcileReport(name: "a", disposition: disposition, record: nil), duration: .milliseconds(milliseconds))
        }
        let text = metrics.render(APIMetrics.Snapshot(statusCounts: [.enabled: 3, .createError: 1], queueDepth: 2, inFlight: 1,
                                                      lastResync: Date(timeIntervalSince1970: 1_700_000_000)))
        let families = try PrometheusParser.parse(text)
        #expect(families["steward_reconciles_total"]?.value(["result": "success"]) == 2)
        #expect(families["steward_reconciles_total"]?.value(["result": "transient_failure"]) == 1)
        #expect(families["steward_retries_total"]?.value([:]) == 1)
        #expect(families["steward_queue_depth"]?.value([:]) == 2)
        #expect(families["steward_integrations"]?.value(["status": "enabled"]) == 3)
        #expect(families["steward_integrations"]?.value(["status": "deleted"]) == 0)
        #expect(families["steward_last_resync_timestamp_seconds"]?.value([:]) == 1_700_000_000)
        let histogram = try #require(families["steward_reconcile_duration_seconds"])
        #expect(histogram.type == "histogram")
        let buckets = histogram.samples.filter { $0.name.hasSuffix("_bucket") }.map(\.value)
        #expect(buckets == buckets.sorted(), "buckets are cumulative")
        #expect(histogram.value(["le": "+Inf"], suffix: "_bucket") == 4)
        #expect(histogram.value(["le": "0.05"], suffix: "_bucket") == 1)
        #expect(histogram.value([:], suffix: "_count") == 4)
        #expect(abs((histogram.value([:], suffix: "_sum") ?? 0) - 94.73) < 0.001)
        metrics.stopping()
        #expect(!metrics.isReady)
    }

    @Test func labelValuesAreEscaped() throws {
        var text = PrometheusText()
        text.family("x", type: "gauge", help: "h")
        text.sample("x", 1, labels: [("a", "quote \" back \\ line \n end")])
        let families = try PrometheusParser.parse(text.text)
        #expect(families["x"]?.samples.first?.labels["a"] == "quote \" back \\ line n end")
    }
}
