import CoreMetrics
import Prometheus

/// swift-prometheus' swift-metrics factory, with `# HELP` lines. Its adapter registers every
/// family with an empty help text (and the registry refuses a second, different text for a
/// name), so the families named in `help` are made through the registry's own API, with their
/// text and the adapter's buckets; everything else (Hummingbird's families) goes through the
/// adapter unchanged.
struct DescribedMetricsFactory: MetricsFactory {
    let prometheus: PrometheusMetricsFactory
    /// Help text per family name.
    let help: [String: String]

    var registry: PrometheusCollectorRegistry { prometheus.registry }

    /// The family's name and help text, when it has one.
    func descriptor(_ label: String) -> MetricNameDescriptor? {
        help[label].map { MetricNameDescriptor(metricName: label, unitName: "", helpText: $0) }
    }

    func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        guard let described = descriptor(label) else { return prometheus.makeCounter(label: label, dimensions: dimensions) }
        return registry.makeCounter(descriptor: described, labels: dimensions)
    }

    func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
        guard let described = descriptor(label) else { return prometheus.makeFloatingPointCounter(label: label, dimensions: dimensions) }
        return registry.makeCounter(descriptor: described, labels: dimensions)
    }

    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        guard let described = descriptor(label) else { return prometheus.makeRecorder(label: label, dimensions: dimensions, aggregate: aggregate) }
        guard aggregate else { return registry.makeGauge(descriptor: described, labels: dimensions) }
        let buckets = prometheus.valueHistogramBuckets[label] ?? prometheus.defaultValueHistogramBuckets
        return registry.makeValueHistogram(descriptor: described, labels: dimensions, buckets: buckets)
    }

    func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        guard let described = descriptor(label) else { return prometheus.makeMeter(label: label, dimensions: dimensions) }
        return registry.makeGauge(descriptor: described, labels: dimensions)
    }

    func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        guard let described = descriptor(label) else { return prometheus.makeTimer(label: label, dimensions: dimensions) }
        let buckets = prometheus.durationHistogramBuckets[label] ?? prometheus.defaultDurationHistogramBuckets
        return registry.makeDurationHistogram(descriptor: described, labels: dimensions, buckets: buckets)
    }

    func destroyCounter(_ handler: any CounterHandler) { prometheus.destroyCounter(handler) }
    func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) { prometheus.destroyFloatingPointCounter(handler) }
    func destroyRecorder(_ handler: any RecorderHandler) { prometheus.destroyRecorder(handler) }
    func destroyMeter(_ handler: any MeterHandler) { prometheus.destroyMeter(handler) }
    func destroyTimer(_ handler: any TimerHandler) { prometheus.destroyTimer(handler) }
}
