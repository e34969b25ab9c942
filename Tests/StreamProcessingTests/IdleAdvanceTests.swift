import Foundation
import Testing

/// With `--idle-advance`, an idle partition's event time follows the wall clock, so an
/// open breaker goes half-open and closes (restoring the Spot mix) with no new events.
@Suite("run: idle advance")
struct IdleAdvanceTests {
    @Test func anIdlePartitionMovesToTheWallClockAndTheBreakerClosesWithoutEvents() async throws {
        let h = try Harness("idle")
        defer { h.shutdown() }
        let topics = Topics(h)
        let broker = try await BrokerProcess.start(h, partitions: 1, topics: topics.all)
        // The storm up to the warning that opens the breaker (09:32:15), nothing after.
        let lines = Streams.split(try Harness.lines("spot-storm.jsonl"), after: ["2024-05-14T09:32:15Z"])[0]
        let engine = try EngineProcess.start(h, broker: broker.bootstrap, topics: topics, group: h.unique("group"), instanceID: "idle-1", extra: ["--idle-advance", "1s"])
        try await Kcat.produce(h, broker: broker.bootstrap, topic: topics.input, partition: 0, lines: lines)

        // The samples are from 2024: the wall clock is long past open-for + quiet-for.
        let got = try await outputs(h, broker: broker.bootstrap, topics: topics, "the breaker to close by the wall clock", running: [engine]) { records in
            records.on("actions").contains { $0.value.contains("Rulebridge Capacity Restore") }
        }
        let states = got.on("actions").compactMap { r -> String? in
            guard r.value.contains("Circuit Breaker State Change"), let d = try? JSONSerialization.jsonObject(with: Data(r.value.utf8)) as? [String: Any],
                  let detail = d["detail"] as? [String: Any] else { return nil }
            return detail["state"] as? String
        }
        #expect(states == ["open", "half-open", "closed"])
    }
}
