import Metrics
import Prometheus
import Rules
import Synchronization

/// The instruments of one engine (swift-metrics, exported through its own
/// Prometheus registry, so engines in one process keep their figures apart).
/// Written by the processing thread, read by `/metrics`.
package final class RunMetrics: Sendable {
    private let registry = PrometheusCollectorRegistry()
    private let factory: RunMetricsFactory
    private let processing: Metrics.Recorder
    private let lag: ReplacedGauges
    private let breakerStates: ReplacedGauges
    private let counters = Mutex<[[String]: Metrics.Counter]>([:])

    package init() {
        factory = RunMetricsFactory(registry: registry)
        processing = Metrics.Recorder(label: RunMetric.processingSeconds.name, aggregate: true, factory: factory)
        lag = ReplacedGauges(.consumerLag, factory)
        breakerStates = ReplacedGauges(.breakerState, factory)
        // Series without labels exist from the start, at 0: a scrape tells "none yet" from "not exported".
        for metric in RunMetric.allCases where metric.kind == .counter && metric.labels.isEmpty {
            _ = counter(metric, [])
        }
        assignedPartitions(0)
    }

    /// The text exposition format, for `/metrics`.
    package func exposition() -> String { registry.emitToString() }

    // MARK: - Writing

    /// `labels` are the values of `metric.labels`, in that order.
    private func increment(_ metric: RunMetric, _ labels: String..., by amount: Int = 1) {
        guard amount > 0 else { return }
        counter(metric, labels).increment(by: amount)
    }

    /// Each series' counter, made once: making one takes the registry's lock and
    /// validates the name, and a commit touches dozens.
    private func counter(_ metric: RunMetric, _ labels: [String]) -> Metrics.Counter {
        counters.withLock { counters in
            let key = [metric.name] + labels
            if let counter = counters[key] { return counter }
            let counter = Metrics.Counter(label: metric.name, dimensions: Array(zip(metric.labels, labels)), factory: factory)
            counters[key] = counter
            return counter
        }
    }

    /// One record's processing time, taken per record: a lock per value inside the
    /// histogram, ~0.1–0.2 µs measured here against ~0.04 µs for local buckets, well
    /// under 1% of a record's processing. Per-batch aggregation would mean writing
    /// this histogram's exposition by hand (swift-prometheus has no merge).
    func recordProcessing(seconds: Double) { processing.record(seconds) }

    /// A batch committed: its records count from now on (they are durable).
    func committed(recordsIn: [String: Int], recordsOut: [String: Int]) {
        for (topic, n) in recordsIn { increment(.recordsIn, topic, by: n) }
        for (topic, n) in recordsOut { increment(.recordsOut, topic, by: n) }
        increment(.commits)
    }

    func commitFailed() { increment(.commitFailures) }

    func stateRestored() { increment(.stateRestores) }

    func ruleReload(succeeded: Bool) { increment(.ruleReloads, succeeded ? "ok" : "error") }

    func assignedPartitions(_ n: Int) {
        Metrics.Gauge(label: RunMetric.assignedPartitions.name, factory: factory).record(n)
    }

    /// What an engine did between two of its summaries.
    func count(_ now: EngineSummary, since before: EngineSummary) {
        for (type, n) in now.actionsByType { increment(.actions, type, by: n - (before.actionsByType[type] ?? 0)) }
        for (reason, n) in now.deadLetteredByReason {
            increment(.deadLetters, reason, by: n - (before.deadLetteredByReason[reason] ?? 0))
        }
        for (rule, n) in now.matchesByRule { increment(.ruleMatches, rule, by: n - (before.matchesByRule[rule] ?? 0)) }
    }

    /// Records behind the high watermark of each assigned partition; other partitions' series go.
    func setLag(_ lags: [(topic: String, partition: Int32, records: Int64)]) {
        lag.replace(with: lags.map { ([String($0.partition), $0.topic], Double($0.records)) })
    }

    /// The current state of each breaker key; earlier states' series go.
    func setBreakerStates(_ states: [(breaker: String, key: String, state: String)]) {
        breakerStates.replace(with: states.map { ([$0.breaker, $0.key, $0.state], 1) })
    }
}

/// A gauge whose series are replaced as a whole: a series not in the new set
/// is removed from the registry, not left at its last value.
private final class ReplacedGauges: Sendable {
    private let metric: RunMetric
    private let factory: RunMetricsFactory
    private let current = Mutex<[[String]: Metrics.Gauge]>([:])

    init(_ metric: RunMetric, _ factory: RunMetricsFactory) {
        self.metric = metric
        self.factory = factory
    }

    /// `labels` are the values of `metric.labels`, in that order.
    func replace(with series: [(labels: [String], value: Double)]) {
        current.withLock { current in
            var next: [[String]: Metrics.Gauge] = [:]
            for (labels, value) in series {
                let gauge = current.removeValue(forKey: labels) ?? next[labels]
                    ?? Metrics.Gauge(label: metric.name, dimensions: Array(zip(metric.labels, labels)), factory: factory)
                gauge.record(value)
                next[labels] = gauge
            }
            for gauge in current.values { gauge.destroy() }
            current = next
        }
    }
}
