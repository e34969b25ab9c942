import Foundation

/// The engine's Prometheus metrics, rendered in the text exposition format
/// for `/metrics`. Written by the processing thread, read by the HTTP thread.
final class Metrics: @unchecked Sendable {
    // Invariant: every stored property is read and written only under `lock`.
    private let lock = NSLock()
    private var counters: [Series: Double] = [:]
    private var gauges: [Series: Double] = [:]
    private var histograms: [String: Histogram] = [:]
    private var help: [String: (type: String, text: String)] = [:]

    struct Series: Hashable, Comparable {
        var name: String
        var labels: [String]  // "key=\"value\"" pairs, sorted

        static func < (a: Series, b: Series) -> Bool { (a.name, a.labels.joined()) < (b.name, b.labels.joined()) }

        var text: String { labels.isEmpty ? name : "\(name){\(labels.joined(separator: ","))}" }
    }

    /// Cumulative buckets, as Prometheus wants them. A caller on a hot path keeps
    /// its own and `merge`s it now and then, instead of taking the lock per value.
    struct Histogram {
        var bounds: [Double]
        var counts: [Int]
        var sum = 0.0
        var count = 0

        init(bounds: [Double]) {
            self.bounds = bounds
            counts = Array(repeating: 0, count: bounds.count)
        }

        mutating func observe(_ value: Double) {
            for (i, b) in bounds.enumerated() where value <= b { counts[i] += 1 }
            sum += value
            count += 1
        }

        mutating func reset() {
            counts = Array(repeating: 0, count: bounds.count)
            sum = 0
            count = 0
        }
    }

    func merge(_ name: String, _ h: Histogram) {
        guard h.count > 0 else { return }
        lock.withLock {
            var total = histograms[name] ?? Histogram(bounds: h.bounds)
            for i in total.counts.indices { total.counts[i] += h.counts[i] }
            total.sum += h.sum
            total.count += h.count
            histograms[name] = total
        }
    }

    private static func series(_ name: String, _ labels: [String: String]) -> Series {
        Series(name: name, labels: labels.sorted { $0.key < $1.key }.map { "\($0.key)=\"\(escape($0.value))\"" })
    }

    private static func escape(_ v: String) -> String {
        v.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
    }

    func describe(_ name: String, type: String, _ text: String) {
        lock.withLock { help[name] = (type, text) }
    }

    func increment(_ name: String, _ labels: [String: String] = [:], by amount: Double = 1) {
        let s = Self.series(name, labels)
        lock.withLock { counters[s, default: 0] += amount }
    }

    func set(_ name: String, _ labels: [String: String] = [:], _ value: Double) {
        let s = Self.series(name, labels)
        lock.withLock { gauges[s] = value }
    }

    /// Removes every series of a gauge, before setting the current ones.
    func clearGauge(_ name: String) {
        lock.withLock { gauges = gauges.filter { $0.key.name != name } }
    }

    func observe(_ name: String, _ value: Double, bounds: [Double]) {
        lock.withLock {
            var h = histograms[name] ?? Histogram(bounds: bounds)
            h.observe(value)
            histograms[name] = h
        }
    }

    func counter(_ name: String, _ labels: [String: String] = [:]) -> Double {
        let s = Self.series(name, labels)
        return lock.withLock { counters[s] ?? 0 }
    }

    /// The text exposition format, sorted so scrapes are stable.
    func render() -> String {
        lock.withLock {
            var out = ""
            var described: Set<String> = []
            func header(_ name: String, _ fallback: String) {
                guard described.insert(name).inserted else { return }
                let h = help[name] ?? (fallback, name)
                out += "# HELP \(name) \(h.text)\n# TYPE \(name) \(h.type)\n"
            }
            for (s, v) in counters.sorted(by: { $0.key < $1.key }) {
                header(s.name, "counter")
                out += "\(s.text) \(format(v))\n"
            }
            for (s, v) in gauges.sorted(by: { $0.key < $1.key }) {
                header(s.name, "gauge")
                out += "\(s.text) \(format(v))\n"
            }
            for (name, h) in histograms.sorted(by: { $0.key < $1.key }) {
                header(name, "histogram")
                for (b, c) in zip(h.bounds, h.counts) { out += "\(name)_bucket{le=\"\(format(b))\"} \(c)\n" }
                out += "\(name)_bucket{le=\"+Inf\"} \(h.count)\n\(name)_sum \(format(h.sum))\n\(name)_count \(h.count)\n"
            }
            return out
        }
    }

    private func format(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(v)
    }
}
