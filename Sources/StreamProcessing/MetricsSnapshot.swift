/// A Prometheus text exposition read back: series (`name{labels}` as written)
/// → value. What a scrape shows, for `bench kafka` and the tests.
package struct MetricsSnapshot: CustomStringConvertible, Sendable {
    package let text: String
    package let values: [String: Double]

    package init(_ text: String) {
        self.text = text
        var values: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let v = Double(line[line.index(after: space)...]) else { continue }
            values[String(line[..<space])] = v
        }
        self.values = values
    }

    package subscript(series: String) -> Double? { values[series] }

    /// Every series of a metric family.
    package func family(_ name: String) -> [String: Double] {
        values.filter { $0.key == name || $0.key.hasPrefix(name + "{") }
    }

    package var description: String { text }
}
