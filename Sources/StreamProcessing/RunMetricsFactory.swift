import Metrics
import Prometheus

/// swift-metrics instruments backed by one Prometheus registry, with the HELP
/// text and buckets of ``RunMetric`` (swift-prometheus's own factory writes no
/// HELP lines) and labels in name order, so a series reads the same whatever
/// order the caller gave.
struct RunMetricsFactory: MetricsFactory {
    let registry: PrometheusCollectorRegistry

    private var prometheus: PrometheusMetricsFactory { PrometheusMetricsFactory(registry: registry) }

    private func descriptor(_ label: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: label, unitName: "", helpText: RunMetric(rawValue: label)?.help ?? "")
    }

    private func sorted(_ dimensions: [(String, String)]) -> [(String, String)] {
        dimensions.sorted { $0.0 < $1.0 }
    }

    func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        registry.makeCounter(descriptor: descriptor(label), labels: sorted(dimensions))
    }

    func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
        registry.makeCounter(descriptor: descriptor(label), labels: sorted(dimensions))
    }

    func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        registry.makeGauge(descriptor: descriptor(label), labels: sorted(dimensions))
    }

    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        guard aggregate else { return registry.makeGauge(descriptor: descriptor(label), labels: sorted(dimensions)) }
        let buckets = RunMetric(rawValue: label)?.buckets ?? prometheus.defaultValueHistogramBuckets
        return registry.makeValueHistogram(descriptor: descriptor(label), labels: sorted(dimensions), buckets: buckets)
    }

    func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        prometheus.makeTimer(label: label, dimensions: sorted(dimensions))
    }

    func destroyCounter(_ handler: any CounterHandler) { prometheus.destroyCounter(handler) }
    func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) { prometheus.destroyFloatingPointCounter(handler) }
    func destroyMeter(_ handler: any MeterHandler) { prometheus.destroyMeter(handler) }
    func destroyRecorder(_ handler: any RecorderHandler) { prometheus.destroyRecorder(handler) }
    func destroyTimer(_ handler: any TimerHandler) { prometheus.destroyTimer(handler) }
}
