import Foundation
import RulebridgeTestSupport
import KafkaIO
import Testing

/// Signals to the engine: SIGTERM drains (stop fetching, finish and commit in-flight
/// work, exit 0); SIGHUP reloads the rules.
@Suite("run: signals")
struct ShutdownTests {
    /// After the input is processed, SIGTERM ends the engine with status 0 within a
    /// few seconds, and what it processed is committed: an engine started again with
    /// the same instance id produces nothing new for that input.
    ///
    /// The engine keeps each partition's input position in the changelog, with the
    /// state, so the new engine resumes at the end of the input in both modes.
    /// At-least-once also commits the group's offsets with a plain OffsetCommit, which
    /// the mock cluster stores. Exactly-once commits them inside the transaction
    /// (TxnOffsetCommit), which librdkafka 2.0.2's mock cluster answers with success
    /// but does not store: the group's committed offset stays unset there (a known
    /// issue below; on a real broker it is the end of the input).
    @Test(arguments: [EngineProcess.Guarantee.exactlyOnce, .atLeastOnce])
    func sigtermExitsZeroQuicklyAndLeavesEverythingProcessedCommitted(guarantee: EngineProcess.Guarantee) async throws {
        let h = try Harness("sigterm-\(guarantee)")
        defer { h.shutdown() }
        let topics = Topics(h)
        let broker = try await BrokerProcess.start(h, partitions: 1, topics: topics.all)
        let lines = try Streams.requeueThenStorm()
        let expected = try await Replay.records(h, lines: lines)
        let group = h.unique("group")
        let instance = "sigterm-\(guarantee)"

        let first = try EngineProcess.start(h, broker: broker.bootstrap, topics: topics, group: group, instanceID: instance, guarantee: guarantee)
        try await Kcat.produce(h, broker: broker.bootstrap, topic: topics.input, partition: 0, lines: lines)
        _ = try await outputs(h, broker: broker.bootstrap, topics: topics, containing: expected, running: [first])
        try await first.waitUntilCaughtUp(input: topics.input, partitions: [0], recordsIn: lines.count)

        let signalled = ContinuousClock.now
        first.terminate()
        let end = try await first.child.waitForExit(timeout: .seconds(10))
        let took = ContinuousClock.now - signalled
        #expect(end.status == 0 && !end.signaled, "exit \(end)\n\(first.child.tail())")
        #expect(took < .seconds(5), "SIGTERM took \(took)")
        #expect(first.log.contains("stopping: committing in-flight work") && first.log.contains("stopped cleanly"))
        let before = try await Kcat.outputs(h, broker: broker.bootstrap, topics: topics)
        expectSameRecords(before, expected)

        // The group's committed offset for the input.
        let probe = try KafkaConsumer(configuration: KafkaConsumerConfiguration(
            kafka: KafkaConfiguration(bootstrapServers: broker.bootstrap), groupID: group))
        let committed = try probe.committed([KafkaTopicPartition(topic: topics.input, partition: 0)]).first?.offset
        try probe.close()
        if guarantee == .atLeastOnce {
            #expect(committed == Int64(lines.count))
        } else {
            withKnownIssue("librdkafka 2.0.2's mock cluster answers TxnOffsetCommit with success but stores nothing") {
                #expect(committed == Int64(lines.count))
            }
        }

        // Restart, then one new event: once its action is out, everything before it in
        // the partition has been read by the new engine.
        let second = try EngineProcess.start(h, broker: broker.bootstrap, topics: topics, group: group, instanceID: instance, guarantee: guarantee)
        let marker = Streams.event(id: "after-restart", time: "2024-05-14T10:10:00Z", instance: "i-after-restart")
        let markerOutputs = try await Replay.records(h, lines: lines + [marker]).filter { $0.headers["rulebridge-trigger"] == "after-restart" }
        try #require(markerOutputs.count == 1)
        try await Kcat.produce(h, broker: broker.bootstrap, topic: topics.input, partition: 0, lines: [marker])
        let after = try await outputs(h, broker: broker.bootstrap, topics: topics, containing: markerOutputs, running: [second])
        let new = after.filter { r in !before.contains { $0.topic == r.topic && $0.partition == r.partition && $0.offset == r.offset } }

        // Nothing at all for the old input: only the new event's action.
        #expect(new.map(\.content) == markerOutputs.map(\.content), "new records: \(new)")
        expectSameRecords(after, expected + markerOutputs)
        let readIn = try await eventually("the new event's batch to commit", context: { second.child.tail() }) { () -> Double? in
            try await second.metrics()[#"rulebridge_records_in_total{topic="\#(topics.input)"}"#]
        }
        #expect(readIn == 1, "the new engine read \(readIn) records: the old input again")
    }

    @Test func sighupReloadsTheRulesAndTheEngineRunsOn() async throws {
        let h = try Harness("sighup")
        defer { h.shutdown() }
        let topics = Topics(h)
        let broker = try await BrokerProcess.start(h, partitions: 1, topics: topics.all)
        let engine = try EngineProcess.start(h, broker: broker.bootstrap, topics: topics, group: h.unique("group"), instanceID: "sighup-1")
        try await engine.waitUntilAssigned(1)
        engine.child.signal(SIGHUP)
        _ = try await eventually("a reload after SIGHUP", context: { engine.child.tail() }) { () -> Bool? in
            try await engine.metrics()[#"rulebridge_rule_reloads_total{result="ok"}"#] == 1 ? true : nil
        }
        #expect(engine.log.contains("rules reloaded"))
        #expect(engine.child.isRunning)
        #expect(try await engine.get("/readyz").status == 200)
    }
}
