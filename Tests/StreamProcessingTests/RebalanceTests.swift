import Foundation
import Testing

/// A second engine joins the group mid-stream, takes one of the two input partitions
/// (with its state, restored from the changelog) and later leaves on SIGTERM, handing
/// it back.
///
/// Each partition carries its own fleet's storm, so each has a breaker that opens
/// while engine A owns everything, goes half-open while B may own it, and closes after
/// B has left. A new owner resumes where the old one stopped (the input position is
/// kept in the changelog with the state), so a breaker transition it produces can only
/// come from the state that moved with the partition. As in the crash test, the mock
/// cluster does not isolate transactions, so the test asserts the strongest property
/// that holds there: no loss, every copy of an id is the same record, and the outputs
/// de-duplicated by id equal replay's for each partition.
@Suite("run: rebalance")
struct RebalanceTests {
    @Test(arguments: [EngineProcess.Guarantee.exactlyOnce, .atLeastOnce])
    func aSecondEngineJoinsAndLeavesMidStreamAndStateMovesWithThePartitions(guarantee: EngineProcess.Guarantee) async throws {
        let h = try Harness("rebalance-\(guarantee)")
        defer { h.shutdown() }
        let topics = Topics(h)
        let broker = try await BrokerProcess.start(h, partitions: 2, topics: topics.all)
        let streams = [try Streams.requeueThenStorm(), Streams.otherFleet(try Streams.requeueThenStorm(), tag: "b")]
        let expected = [try await Replay.records(h, lines: streams[0]), try await Replay.records(h, lines: streams[1])]
        let ids = expected.map { Set($0.compactMap(\.id)) }
        try #require(ids[0].isDisjoint(with: ids[1]), "the two fleets' actions must have ids of their own")
        // Phases: up to the open breaker (A alone), up to half-open (A and B), the rest (A alone).
        let phases = streams.map { Streams.split($0, after: [Streams.whileOpenStarts, Streams.halfOpenRevealed]) }
        func produce(phase: Int) async throws {
            for p in 0..<2 {
                try await Kcat.produce(h, broker: broker.bootstrap, topic: topics.input, partition: p, lines: phases[p][phase])
            }
        }
        func expectedUpTo(phase: Int) async throws -> [Record] {
            var all: [Record] = []
            for p in 0..<2 { all += try await Replay.records(h, lines: (0...phase).flatMap { phases[p][$0] }) }
            return all
        }
        let group = h.unique("group")

        // A owns both partitions; both breakers open.
        let a = try EngineProcess.start(h, broker: broker.bootstrap, topics: topics, group: group, instanceID: "rebalance-a", guarantee: guarantee)
        try await produce(phase: 0)
        _ = try await outputs(h, broker: broker.bootstrap, topics: topics, containing: try await expectedUpTo(phase: 0), running: [a])
        try await a.waitUntilAssigned(2)
        try await a.waitUntilCaughtUp(input: topics.input, partitions: [0, 1], recordsIn: phases[0][0].count + phases[1][0].count)

        // B joins: one partition moves to it.
        let b = try EngineProcess.start(h, broker: broker.bootstrap, topics: topics, group: group, instanceID: "rebalance-b", guarantee: guarantee)
        try await b.waitUntilAssigned(1)
        try await a.waitUntilAssigned(1)
        let movedPartition = try #require(b.assignedPartitions(topics.input).first)
        try await produce(phase: 1)
        _ = try await outputs(h, broker: broker.bootstrap, topics: topics, containing: try await expectedUpTo(phase: 1), running: [a, b])
        try await b.waitUntilCaughtUp(input: topics.input, partitions: [movedPartition], recordsIn: phases[movedPartition][1].count)
        // B restored the open breaker of its partition and moved it on to half-open.
        let bMetrics = try await b.metrics()
        #expect((bMetrics["rulebridge_state_restores_total"] ?? 0) >= 1)
        #expect(bMetrics[#"rulebridge_actions_total{type="circuit-breaker"}"#] == 1, "B's breaker transitions:\n\(bMetrics)")
        // B resumed where A stopped: it never saw the storm that opened the breaker.
        #expect(bMetrics[#"rulebridge_records_in_total{topic="\#(topics.input)"}"#] == Double(phases[movedPartition][1].count))

        // B leaves on SIGTERM: A gets the partition back, with the state B left.
        b.terminate()
        let end = try await b.child.waitForExit(timeout: .seconds(15))
        #expect(end.status == 0 && !end.signaled, "B's exit: \(end)\n\(b.child.tail())")
        try await a.waitUntilAssigned(2)
        let readBefore = Int(try await a.metrics()[#"rulebridge_records_in_total{topic="\#(topics.input)"}"#] ?? 0)
        try await produce(phase: 2)
        let all = try await expectedUpTo(phase: 2)
        _ = try await outputs(h, broker: broker.bootstrap, topics: topics, containing: all, running: [a])
        try await a.waitUntilCaughtUp(input: topics.input, partitions: [0, 1], recordsIn: readBefore + phases[0][2].count + phases[1][2].count)
        let got = try await Kcat.outputs(h, broker: broker.bootstrap, topics: topics)

        // Nothing lost, nothing unexpected, duplicates only as identical copies — per partition.
        let unexpected = got.filter { r in r.id.map { !ids[0].contains($0) && !ids[1].contains($0) } ?? true }
        #expect(unexpected.isEmpty, "records replay does not give: \(unexpected)")
        for p in 0..<2 {
            let mine = got.filter { $0.id.map(ids[p].contains) ?? false }
            expectDedupedEqualsReplay(mine, expected[p])
            // State moved with the partition: the breaker changed exactly where replay has it, once each.
            #expect(breakerChanges(mine) == breakerChanges(expected[p]))
            #expect(mine.on("actions").filter { $0.breakerChange?.state == "open" }.count == 1, "partition \(p)'s breaker opened again")
        }
        #expect(breakerChanges(expected[1]).count == 3)
    }
}
