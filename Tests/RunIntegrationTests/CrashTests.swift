import Foundation
import RulebridgeTestSupport
import KafkaIO
import Testing

/// `kill -9` of the engine in the middle of a stream, then a restart with the same
/// instance id (so the same transactional id, which fences the dead one).
///
/// What the mock cluster cannot show: librdkafka 2.0.2's mock cluster accepts
/// transactions but does not isolate them — `read_committed` consumers (the test's
/// kcat, and the engine restoring its changelog) also see the records of aborted and
/// never-committed transactions — and its TxnOffsetCommit answers success but stores
/// nothing (the engine keeps its input position in the changelog, next to the state,
/// so it resumes correctly anyway). So records the dead engine produced in its open
/// transaction stay visible. On a real broker, `read_committed` would show every
/// action exactly once. Here the test asserts the strongest property that still holds:
/// - no loss: every action and notification `replay` gives is there;
/// - nothing else: de-duplicated by their deterministic id, the outputs are exactly
///   replay's records, and every copy of an id is byte for byte the same record;
/// - the breaker that was open before the crash is still open after it: the restarted
///   engine reports it open before any new event arrives, there is one `open` state
///   change in all (copies counted, not just ids), and the later half-open and closed
///   transitions come at replay's times.
/// In both modes the restarted engine resumes after the storm (from the position
/// stored with the state), so the transitions it produces can only come from the state
/// it restored from the changelog.
@Suite("run: crash and restart")
struct CrashTests {
    @Test(arguments: [EngineProcess.Guarantee.exactlyOnce, .atLeastOnce])
    func killNineMidStreamThenRestartLosesNothingAndKeepsTheBreakerOpen(guarantee: EngineProcess.Guarantee) async throws {
        let h = try Harness("crash-\(guarantee)")
        defer { h.shutdown() }
        let topics = Topics(h)
        let broker = try await BrokerProcess.start(h, partitions: 1, topics: topics.all)
        let lines = try Streams.requeueThenStorm()
        let phases = Streams.split(lines, after: [Streams.whileOpenStarts, Streams.revealStarts])
        let (open, whileOpen, reveal) = (phases[0], phases[1], phases[2])
        let expected = try await Replay.records(h, lines: lines)
        #expect(breakerChanges(expected) == [
            "render-spot-asg open at 2024-05-14T09:32:15Z",
            "render-spot-asg half-open at 2024-05-14T09:47:15Z",
            "render-spot-asg closed at 2024-05-14T09:57:15Z",
        ])
        let group = h.unique("group")
        let instance = "crash-\(guarantee)"

        // Up to the open breaker, committed: the breaker gauge is set only between batches.
        let first = try EngineProcess.start(h, broker: broker.bootstrap, topics: topics, group: group, instanceID: instance, guarantee: guarantee)
        try await Kcat.produce(h, broker: broker.bootstrap, topic: topics.input, partition: 0, lines: open)
        _ = try await eventually("the breaker to open and its batch to commit", context: { h.logs() }) { () -> Bool? in
            try await first.metrics()[#"rulebridge_breaker_state{breaker="spot-capacity",key="render-spot-asg",state="open"}"#] == 1 ? true : nil
        }
        let beforeCrash = try await Kcat.outputs(h, broker: broker.bootstrap, topics: topics)
        #expect(breakerChanges(beforeCrash) == ["render-spot-asg open at 2024-05-14T09:32:15Z"])

        // More input, and kill -9 while the engine is reading, processing or committing it.
        try await Kcat.produce(h, broker: broker.bootstrap, topic: topics.input, partition: 0, lines: whileOpen)
        first.kill9()
        let end = try await first.child.waitForExit(timeout: .seconds(10))
        #expect(end.signaled && end.status == 9)

        // Restart with the same instance id; the rest of the stream reveals half-open and closed.
        let second = try EngineProcess.start(h, broker: broker.bootstrap, topics: topics, group: group, instanceID: instance, guarantee: guarantee)
        try await second.waitUntilAssigned(1)
        // Still open after the crash, before any new event could move it on.
        _ = try await eventually("the restarted engine to show the breaker open", context: { second.child.tail() }) { () -> Bool? in
            let m = try await second.metrics()
            return m[#"rulebridge_breaker_state{breaker="spot-capacity",key="render-spot-asg",state="open"}"#] == 1 ? true : nil
        }
        try await Kcat.produce(h, broker: broker.bootstrap, topic: topics.input, partition: 0, lines: reveal)
        _ = try await outputs(h, broker: broker.bootstrap, topics: topics, containing: expected, running: [second])
        try await second.waitUntilCaughtUp(input: topics.input, partitions: [0], recordsIn: reveal.count)
        let got = try await Kcat.outputs(h, broker: broker.bootstrap, topics: topics)

        expectDedupedEqualsReplay(got, expected)
        let opens = got.on("actions").filter { $0.breakerChange?.state == "open" }
        #expect(opens.count == 1, "the restarted engine opened the breaker again: \(opens)")
        #expect(breakerChanges(got) == breakerChanges(expected))

        // The second engine started from the state the first one left in the changelog…
        let m = try await second.metrics()
        #expect((m["rulebridge_state_restores_total"] ?? 0) >= 1)
        #expect(second.log.contains("\(topics.input)[0]: restored"), "no restore in the log:\n\(second.child.tail())")
        #expect(second.log.contains("\(topics.input)[0]: restored 0 state entries") == false)
        // …and from where it had got to: it never read the storm that opened the breaker.
        let readAgain = Int(m[#"rulebridge_records_in_total{topic="\#(topics.input)"}"#] ?? -1)
        #expect(readAgain <= whileOpen.count + reveal.count, "read \(readAgain) records: the storm was read again")
    }
}
