import CoreMetrics
import Prometheus
import StewardReconciler

/// The metrics `/metrics` serves: one swift-prometheus registry, rendered by swift-prometheus,
/// and the swift-metrics factory that writes into it.
///
/// The factory is handed to whoever records (`ReconcileDaemon(metricsFactory:)`), so each daemon
/// in a test process has a registry of its own. Hummingbird's `MetricsMiddleware` takes no
/// factory and writes to swift-metrics' global `MetricsSystem`, which can be bootstrapped only
/// once per process: `steward run` does that with this factory (`bootstrapGlobalSystem()`).
package struct APIMetrics: Sendable {
    /// The Prometheus text exposition format, version 0.0.4, which swift-prometheus writes.
    package static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    package let registry: PrometheusCollectorRegistry
    package let factory: any MetricsFactory

    package init() {
        registry = PrometheusCollectorRegistry()
        var prometheus = PrometheusMetricsFactory(registry: registry)
        prometheus.durationHistogramBuckets = ["steward_reconcile_duration_seconds": DaemonMetrics.durationBuckets]
        factory = DescribedMetricsFactory(prometheus: prometheus, help: DaemonMetrics.help)
    }

    /// Makes the factory swift-metrics' global one, for Hummingbird's `MetricsMiddleware`. Once
    /// per process (swift-metrics stops the process on a second bootstrap).
    package func bootstrapGlobalSystem() {
        MetricsSystem.bootstrap(factory)
    }

    /// Every registered family, in the exposition format.
    package func render() -> String {
        registry.emitToString()
    }
}
