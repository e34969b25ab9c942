import Foundation
import RulebridgeTestSupport

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
