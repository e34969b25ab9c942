import EventPatterns
import Foundation

/// A record the engine produces: what `run` writes to Kafka and `replay`
/// prints. `topic` is the logical destination; the driver maps it to a real
/// topic name.
public struct OutputRecord: Hashable, Sendable {
    public enum Destination: String, Hashable, Sendable, CaseIterable {
        case actions, notifications
        case deadLetter = "dead-letter"
    }

    public var topic: Destination
    public var key: String?
    /// In a fixed order, so output is byte-identical across runs.
    public var headers: [(name: String, value: String)]
    public var value: [UInt8]

    public init(topic: Destination, key: String?, headers: [(name: String, value: String)], value: [UInt8]) {
        self.topic = topic
        self.key = key
        self.headers = headers
        self.value = value
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.topic == b.topic && a.key == b.key && a.value == b.value
            && a.headers.map(\.name) == b.headers.map(\.name) && a.headers.map(\.value) == b.headers.map(\.value)
    }

    public func hash(into h: inout Hasher) {
        h.combine(topic)
        h.combine(key)
        h.combine(value)
    }

    /// The replay line: `{"topic":…,"key":…,"headers":{…},"value":…}`, with
    /// `value` the record value as a string (and `value_base64` instead when
    /// the bytes are not UTF-8, as a dead letter's may not be).
    public var jsonLine: String {
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

enum Base64 {
    static func encode(_ bytes: [UInt8]) -> String {
        let table = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            let b0 = bytes[i], b1 = i + 1 < bytes.count ? bytes[i + 1] : 0, b2 = i + 2 < bytes.count ? bytes[i + 2] : 0
            out.append(table[Int(b0 >> 2)])
            out.append(table[Int((b0 & 3) << 4 | b1 >> 4)])
            out.append(i + 1 < bytes.count ? table[Int((b1 & 15) << 2 | b2 >> 6)] : UInt8(ascii: "="))
            out.append(i + 2 < bytes.count ? table[Int(b2 & 63)] : UInt8(ascii: "="))
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension OutputRecord {
    /// One readable line: destination, time, what, key — for people watching a replay.
    public var textLine: String {
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
            if case .object(let members)? = detail {
                for m in members where !["rule", "action", "trigger-event-ids"].contains(m.key) && m.value != .null {
                    parts.append("\(m.key)=\(m.value.templateText)")
                }
            }
            let type = value?["detail-type"]?.stringValue ?? ""
            return "\(topic) \(value?["time"]?.stringValue ?? "") \(type) \(parts.joined(separator: " "))"
        }
    }
}
