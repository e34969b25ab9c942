import Foundation

/// One output record, as `replay` prints it or as `kcat` reads it back from Kafka.
struct Record: Sendable, CustomStringConvertible {
    /// The logical destination: `actions`, `notifications` or `dead-letter`.
    var topic: String
    var key: String?
    var headers: [String: String]
    var value: String
    /// Where it was read from (`-1` for replay's records).
    var partition: Int = -1
    var offset: Int64 = -1

    /// The deterministic id: an action event's `id`, a notification's `MessageId`.
    var id: String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(value.utf8)) as? [String: Any] else { return nil }
        return (object["id"] ?? object["MessageId"]) as? String
    }

    /// The parsed value, for looking into `detail`.
    var json: [String: Any]? { try? JSONSerialization.jsonObject(with: Data(value.utf8)) as? [String: Any] }

    /// What `run` and `replay` must agree on: everything but where it was read from.
    var content: Content { Content(topic: topic, key: key, headers: headers, value: value) }

    struct Content: Hashable, Sendable, CustomStringConvertible {
        var topic: String
        var key: String?
        var headers: [String: String]
        var value: String
        var description: String {
            "\(topic) key=\(key ?? "null") headers=\(headers.sorted { $0.key < $1.key }) value=\(value.prefix(160))"
        }
    }

    var description: String { "\(content) @\(partition):\(offset)" }

    /// For a breaker state change: (breaker, key, state, time).
    var breakerChange: (breaker: String, key: String, state: String, time: String)? {
        guard let v = json, v["detail-type"] as? String == "Rulebridge Circuit Breaker State Change",
              let d = v["detail"] as? [String: Any],
              let breaker = d["breaker"] as? String, let key = d["key"] as? String, let state = d["state"] as? String
        else { return nil }
        return (breaker, key, state, v["time"] as? String ?? "")
    }
}

extension Array where Element == Record {
    func on(_ logical: String) -> [Record] { filter { $0.topic == logical } }

    /// The first record of every id, in order; records without an id are kept as they are.
    var dedupedByID: [Record] {
        var seen: Set<String> = []
        return filter { r in r.id.map { seen.insert($0).inserted } ?? true }
    }

    /// Records grouped by id.
    var byID: [String: [Record]] { Dictionary(grouping: filter { $0.id != nil }, by: { $0.id! }) }
}

/// The records `rulebridge replay` gives for the same lines: what `run` must produce.
enum Replay {
    static func records(_ h: Harness, rules: URL = Harness.defaultRules, lines: [String]) async throws -> [Record] {
        let input = try h.write(lines, to: h.unique("replay-input") + ".jsonl")
        let child = try await h.run("replay", Harness.rulebridge, ["replay", "--rules", rules.path, input.path])
        return try child.stdout.split(separator: "\n").map { line in
            guard let o = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let topic = o["topic"] as? String, let value = o["value"] as? String
            else { throw HarnessError("replay printed a line that is not a record: \(line)") }
            let headers = (o["headers"] as? [String: Any] ?? [:]).compactMapValues { $0 as? String }
            return Record(topic: topic, key: o["key"] as? String, headers: headers, value: value)
        }
    }
}

/// kcat, the outside client: produces input lines and reads the outputs back.
enum Kcat {
    /// Produces each line as one record to `topic` (to `partition`, if given).
    static func produce(_ h: Harness, broker: String, topic: String, partition: Int? = nil, lines: [String]) async throws {
        let file = try h.write(lines, to: h.unique("kcat-input") + ".jsonl")
        var arguments = ["-b", broker, "-P", "-t", topic, "-l", file.path, "-X", "enable.idempotence=true"]
        if let partition { arguments += ["-p", String(partition)] }
        try await h.run("kcat-produce", Harness.kcat, arguments)
    }

    /// Every record in `topic` (all partitions), read with `isolation.level=read_committed`.
    static func consume(_ h: Harness, broker: String, topic: String, logical: String) async throws -> [Record] {
        let child = try await h.run("kcat-consume", Harness.kcat, [
            "-b", broker, "-C", "-e", "-q", "-J", "-o", "beginning", "-t", topic,
            "-X", "isolation.level=read_committed",
        ])
        return try child.stdout.split(separator: "\n").map { line in
            guard let o = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw HarnessError("kcat printed a line that is not JSON: \(line)")
            }
            let flat = o["headers"] as? [String] ?? []
            var headers: [String: String] = [:]
            for i in stride(from: 0, to: flat.count - 1, by: 2) { headers[flat[i]] = flat[i + 1] }
            return Record(
                topic: logical, key: o["key"] as? String, headers: headers, value: o["payload"] as? String ?? "",
                partition: o["partition"] as? Int ?? -1, offset: (o["offset"] as? NSNumber)?.int64Value ?? -1)
        }
    }

    /// Every output record of `topics`, each output topic in partition and offset order.
    static func outputs(_ h: Harness, broker: String, topics: Topics) async throws -> [Record] {
        var all: [Record] = []
        for (logical, topic) in topics.outputs {
            let records = try await consume(h, broker: broker, topic: topic, logical: logical)
            all += records.sorted { ($0.partition, $0.offset) < ($1.partition, $1.offset) }
        }
        return all
    }
}
