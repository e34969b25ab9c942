import Foundation
import RulebridgeTestSupport
import Testing

/// `rulebridge run` as a user runs it: the `rulebridge broker` child process, the
/// engine as a child process, kcat as the outside client, all over TCP on loopback.
@Suite("run: end to end")
struct EndToEndTests {
    /// With one input partition and no idle advance, `run` writes exactly the records
    /// `replay` prints for the same file: per logical topic the same values, keys and
    /// headers, in the same order.
    @Test func recordsProducedByKcatGiveExactlyTheRecordsOfReplay() async throws {
        let h = try Harness("e2e")
        defer { h.shutdown() }
        let topics = Topics(h)
        let broker = try await BrokerProcess.start(h, partitions: 1, topics: topics.all)
        // Two samples back to back: 08:00–08:25, then 09:00–10:05, times never go back.
        let lines = try Streams.lines("spot-requeue.jsonl", "spot-storm.jsonl")
        let expected = try await Replay.records(h, lines: lines)
        #expect(expected.on("actions").count == 6 && expected.on("notifications").count == 5)

        let engine = try EngineProcess.start(h, broker: broker.bootstrap, topics: topics, group: h.unique("group"), instanceID: "e2e-1")
        try await Kcat.produce(h, broker: broker.bootstrap, topic: topics.input, partition: 0, lines: lines)
        _ = try await outputs(h, broker: broker.bootstrap, topics: topics, containing: expected, running: [engine])
        try await engine.waitUntilCaughtUp(input: topics.input, partitions: [0], recordsIn: lines.count)

        // Read again once everything is committed, so that nothing late is missed.
        let got = try await Kcat.outputs(h, broker: broker.bootstrap, topics: topics)
        expectSameRecords(got, expected)
        #expect(got.on("dead-letter").isEmpty)
    }

    /// Garbage, truncated JSON and an envelope without `id` go to the dead-letter topic
    /// unchanged, with the reason and where they came from; the good records around
    /// them still act.
    @Test func malformedRecordsGoToTheDeadLetterTopicAndTheGoodOnesAroundThemAct() async throws {
        let h = try Harness("dlq")
        defer { h.shutdown() }
        let topics = Topics(h)
        let broker = try await BrokerProcess.start(h, partitions: 1, topics: topics.all)
        let lines = try Streams.lines("malformed.jsonl")
        let expected = try await Replay.records(h, lines: lines)

        let engine = try EngineProcess.start(h, broker: broker.bootstrap, topics: topics, group: h.unique("group"), instanceID: "dlq-1")
        try await Kcat.produce(h, broker: broker.bootstrap, topic: topics.input, partition: 0, lines: lines)
        _ = try await outputs(h, broker: broker.bootstrap, topics: topics, containing: expected, running: [engine])
        try await engine.waitUntilCaughtUp(input: topics.input, partitions: [0], recordsIn: lines.count)
        let got = try await Kcat.outputs(h, broker: broker.bootstrap, topics: topics)

        // Same records as replay (apart from the origin headers only run can know)…
        expectSameRecords(got, expected)
        // …which include the three kinds this test is about.
        let reasons = got.on("dead-letter").map { $0.headers["rulebridge-error"] ?? "" }
        #expect(reasons.filter { $0 == "invalid-json" }.count == 4)  // plain text, 2 truncated, an array
        #expect(reasons.contains("missing-id"))
        #expect(reasons.count == 7)

        for dead in got.on("dead-letter") {
            let offset = Int(dead.headers["rulebridge-original-offset"] ?? "") ?? -1
            #expect(dead.headers["rulebridge-original-topic"] == topics.input)
            #expect(dead.headers["rulebridge-original-partition"] == "0")
            #expect(lines.indices.contains(offset), "original offset \(offset)")
            if lines.indices.contains(offset) {
                #expect(dead.value == lines[offset], "a dead letter is the input record unchanged")
            }
            #expect(dead.key == nil)
        }
        // The good records around the bad ones acted: a drain and a re-queue.
        #expect(got.on("actions").map { $0.headers["rulebridge-action"] } == ["drain", "requeue"])
        // The consumer went past every bad record and committed them.
        let m = try await engine.metrics()
        #expect(m[#"rulebridge_records_in_total{topic="\#(topics.input)"}"#] == Double(lines.count))
    }
}
