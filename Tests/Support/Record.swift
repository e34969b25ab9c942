import Foundation

/// One output record, as `replay` prints it or as `kcat` reads it back from Kafka.
package struct Record: Sendable, CustomStringConvertible {
    /// The logical destination: `actions`, `notifications` or `dead-letter`.
    package var topic: String
    package var key: String?
    package var headers: [String: String]
    package var value: String
    /// Where it was read from (`-1` for replay's records).
    package var partition: Int = -1
    package var offset: Int64 = -1

    package init(topic: String, key: String?, headers: [String: String], value: String, partition: Int = -1, offset: Int64 = -1) {
        self.topic = topic
        self.key = key
        self.headers = headers
        self.value = value
        self.partition = partition
        self.offset = offset
    }

    /// The deterministic id: an action event's `id`, a notification's `MessageId`.
    package var id: String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(value.utf8)) as? [String: Any] else { return nil }
        return (object["id"] ?? object["MessageId"]) as? String
    }

    /// The parsed value, for looking into `detail`.
    package var json: [String: Any]? { try? JSONSerialization.jsonObject(with: Data(value.utf8)) as? [String: Any] }

    /// What `run` and `replay` must agree on: everything but where it was read from.
    package var content: Content { Content(topic: topic, key: key, headers: headers, value: value) }

    package struct Content: Hashable, Sendable, CustomStringConvertible {
        package var topic: String
        package var key: String?
        package var headers: [String: String]
        package var value: String
        package var description: String {
            "\(topic) key=\(key ?? "null") headers=\(headers.sorted { $0.key < $1.key }) value=\(value.prefix(160))"
        }
    }

    package var description: String { "\(content) @\(partition):\(offset)" }

    /// For a breaker state change: (breaker, key, state, time).
    package var breakerChange: (breaker: String, key: String, state: String, time: String)? {
        guard let v = json, v["detail-type"] as? String == "Rulebridge Circuit Breaker State Change",
              let d = v["detail"] as? [String: Any],
              let breaker = d["breaker"] as? String, let key = d["key"] as? String, let state = d["state"] as? String
        else { return nil }
        return (breaker, key, state, v["time"] as? String ?? "")
    }
}

extension Array where Element == Record {
    package func on(_ logical: String) -> [Record] { filter { $0.topic == logical } }

    /// The first record of every id, in order; records without an id are kept as they are.
    package var dedupedByID: [Record] {
        var seen: Set<String> = []
        return filter { r in r.id.map { seen.insert($0).inserted } ?? true }
    }

    /// Records grouped by id.
    package var byID: [String: [Record]] { Dictionary(grouping: filter { $0.id != nil }, by: { $0.id! }) }
}

