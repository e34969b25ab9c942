import Foundation
import JSON

/// A record the engine produces: what `run` writes to Kafka and `replay`
/// prints. `topic` is the logical destination; the driver maps it to a real
/// topic name.
package struct OutputRecord: Hashable, Sendable {
    package enum Destination: String, Hashable, Sendable, CaseIterable {
        case actions, notifications
        case deadLetter = "dead-letter"
    }

    package var topic: Destination
    package var key: String?
    /// In a fixed order, so output is byte-identical across runs.
    package var headers: [(name: String, value: String)]
    package var value: [UInt8]

    package init(topic: Destination, key: String?, headers: [(name: String, value: String)], value: [UInt8]) {
        self.topic = topic
        self.key = key
        self.headers = headers
        self.value = value
    }

    package static func == (a: Self, b: Self) -> Bool {
        a.topic == b.topic && a.key == b.key && a.value == b.value
            && a.headers.map(\.name) == b.headers.map(\.name) && a.headers.map(\.value) == b.headers.map(\.value)
    }

    package func hash(into h: inout Hasher) {
        h.combine(topic)
        h.combine(key)
        h.combine(value)
    }

    /// The replay line: `{"topic":…,"key":…,"headers":{…},"value":…}`, with
    /// `value` the record value as a string (and `value_base64` instead when
    /// the bytes are not UTF-8, as a dead letter's may not be).
    package var jsonLine: String {
        var members: [JSONValue.Member] = [
            .init(key: "topic", value: .string(topic.rawValue)),
            .init(key: "key", value: key.map(JSONValue.string) ?? .null),
            .init(key: "headers", value: .object(headers.map { .init(key: $0.name, value: .string($0.value)) })),
        ]
        if let text = String(validating: value, as: UTF8.self) {
            members.append(.init(key: "value", value: .string(text)))
        } else {
            members.append(.init(key: "value_base64", value: .string(Base64.encode(value))))
        }
        return JSONValue.object(members).jsonText
    }
}

extension OutputRecord {
    /// One readable line: destination, time, what, key — for people watching a replay.
    package var textLine: String {
        let value = try? JSONValue.parse(self.value)
        let topic = self.topic.rawValue.padding(toLength: 13, withPad: " ", startingAt: 0)
        switch self.topic {
        case .deadLetter:
            let reason = headers.first { $0.name == "rulebridge-error-message" }?.value ?? ""
            return "\(topic) \(reason)"
        case .notifications:
            return "\(topic) \(value?["Timestamp"]?.stringValue ?? "") \(value?["Subject"]?.stringValue ?? "")"
        case .actions:
            let detail = value?["detail"]
            var parts: [String] = []
            for m in detail?.objectValue ?? [] where !["rule", "action", "trigger-event-ids"].contains(m.key) && !m.value.isNull {
                parts.append("\(m.key)=\(m.value.templateText)")
            }
            let type = value?["detail-type"]?.stringValue ?? ""
            return "\(topic) \(value?["time"]?.stringValue ?? "") \(type) \(parts.joined(separator: " "))"
        }
    }
}
