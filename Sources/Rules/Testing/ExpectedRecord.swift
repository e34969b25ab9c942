import EventPatterns
import JSON

/// An expected output record: only the fields given are compared. `value`
/// is compared as JSON, recursively, by the keys the expectation names
/// (lists element by element); a string value may also be compared as text.
package struct ExpectedRecord: Sendable {
    package var topic: String?
    /// nil: not compared; `.some(nil)`: the record must have no key.
    package var key: String??
    package var headers: [(String, String)]
    package var value: JSONValue?
    package var location: SourceLocation

    init(_ node: RuleNode) throws(RuleError) {
        let m = try node.mapping("an expected record")
        try m.checkKeys(["topic", "key", "headers", "value"], in: "an expected record")
        topic = try m["topic"]?.string("topic")
        if let t = topic, OutputRecord.Destination(rawValue: t) == nil {
            throw m["topic"]!.error("topic must be one of: \(OutputRecord.Destination.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let k = m["key"] { key = try k.json().isNull ? .some(nil) : .some(try k.string("key")) }
        var headers: [(String, String)] = []
        if let h = m["headers"] {
            for e in try h.mapping("headers").entries { headers.append((e.key, try e.value.string(e.key))) }
        }
        self.headers = headers
        value = try m["value"]?.json()
        location = node.location
    }

    /// Why `record` does not meet this expectation, or nil when it does.
    package func mismatch(_ record: OutputRecord) -> String? {
        if let topic, topic != record.topic.rawValue { return "topic is \(record.topic.rawValue), expected \(topic)" }
        if let key, key != record.key { return "key is \(record.key.map { "\"\($0)\"" } ?? "null"), expected \(key.map { "\"\($0)\"" } ?? "null")" }
        for (name, value) in headers {
            let actual = record.headers.first { $0.name == name }?.value
            if actual != value { return "header \(name) is \(actual ?? "absent"), expected \(value)" }
        }
        guard let value else { return nil }
        let text = String(decoding: record.value, as: UTF8.self)
        if let s = value.stringValue { return s == text ? nil : "value is \(text), expected \(s)" }
        guard let actual = try? JSONValue.parse(record.value) else { return "value is not JSON: \(text)" }
        return Self.compare(value, actual, path: "value")
    }

    static func compare(_ expected: JSONValue, _ actual: JSONValue, path: String) -> String? {
        switch (expected.content, actual.content) {
        case (.object(let e), .object):
            for m in e {
                guard let v = actual[m.key] else { return "\(path).\(m.key) is absent, expected \(m.value.jsonText)" }
                if let d = compare(m.value, v, path: "\(path).\(m.key)") { return d }
            }
            return nil
        case (.array(let e), .array(let a)):
            guard e.count == a.count else { return "\(path) has \(a.count) elements, expected \(e.count): \(actual.jsonText)" }
            for (i, (x, y)) in zip(e, a).enumerated() {
                if let d = compare(x, y, path: "\(path)[\(i)]") { return d }
            }
            return nil
        case (.number(let x), .number(let y)):
            return ComparableNumber(Double(x) ?? .nan) == ComparableNumber(Double(y) ?? .nan) ? nil : "\(path) is \(y), expected \(x)"
        default:
            return expected == actual ? nil : "\(path) is \(actual.jsonText), expected \(expected.jsonText)"
        }
    }
}
