import Foundation
import RulebridgeTestSupport
import Testing

/// `rulebridge replay --brokers`: the same records replay prints, produced to Kafka.
@Suite("replay: to Kafka")
struct ReplayToKafkaTests {
    @Test func replayWithBrokersProducesExactlyTheRecordsItWouldPrint() async throws {
        let h = try Harness("replay-kafka")
        defer { h.shutdown() }
        let topics = Topics(h)
        let broker = try await BrokerProcess.start(h, partitions: 1, topics: topics.all)
        let lines = try Streams.lines("spot-storm.jsonl", "malformed.jsonl")
        let expected = try await Replay.records(h, lines: lines)
        let input = try h.write(lines, to: h.unique("input") + ".jsonl")

        let replay = try await h.run("replay-to-kafka", Harness.rulebridge, [
            "replay", "--rules", Harness.defaultRules.path, input.path, "--brokers", broker.bootstrap,
            "--topic", topics.actions, "--notification-topic", topics.notifications, "--dead-letter-topic", topics.deadLetter,
        ])
        #expect(replay.stdout.isEmpty, "records go to Kafka, not stdout")
        #expect(replay.stderr.contains("produced to Kafka at \(broker.bootstrap): \(expected.count) records"))

        let got = try await Kcat.outputs(h, broker: broker.bootstrap, topics: topics)
        expectSameRecords(got, expected)
        #expect(!got.on("dead-letter").isEmpty && !got.on("actions").isEmpty && !got.on("notifications").isEmpty)
    }
}
