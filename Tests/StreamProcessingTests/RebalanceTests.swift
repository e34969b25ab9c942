import Foundation
import RulebridgeTestSupport
import StreamProcessing
import Testing

/// A second engine joins the group mid-stream, takes one of the two input partitions
/// (with its state, restored from the changelog) and later leaves (the graceful stop
/// SIGTERM starts), handing it back.
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
    @Test(arguments: [RunConfiguration.Guarantee.exactlyOnce, .atLeastOnce])
    func aSecondEngineJoinsAndLeavesMidStreamAndStateMovesWithThePartitions(guarantee: RunConfiguration.Guarantee) async throws {
        try await withWorld("rebalance-\(guarantee.rawValue)", partitions: 2) { world in
            let input = world.topics.input
            let streams = [try Streams.requeueThenStorm(), Streams.otherFleet(try Streams.requeueThenStorm(), tag: "b")]
            let expected = [try replay(streams[0]), try replay(streams[1])]
            let ids = expected.map { Set($0.compactMap(\.id)) }
            try #require(ids[0].isDisjoint(with: ids[1]), "the two fleets' actions must have ids of their own")
            // Phases: up to the open breaker (A alone), up to half-open (A and B), the rest (A alone).
            let phases = streams.map { Streams.split($0, after: [Streams.whileOpenStarts, Streams.halfOpenRevealed]) }
            func produce(phase: Int) async throws {
                for p in 0..<2 { try await world.produce(phases[p][phase], partition: p) }
            }
            func expectedUpTo(phase: Int) throws -> [Record] {
                try (0..<2).flatMap { p in try replay((0...phase).flatMap { phases[p][$0] }) }
            }
            let group = world.unique("group")

            // A owns both partitions; both breakers open.
            let a = try world.startEngine("rebalance-a", group: group, guarantee: guarantee)
            try await produce(phase: 0)
            _ = try await world.outputs(containing: try expectedUpTo(phase: 0), running: [a])
            try await a.waitUntilAssigned(2)
            try await a.waitUntilCaughtUp(input: input, partitions: [0, 1], recordsIn: phases[0][0].count + phases[1][0].count)

            // B joins: one partition moves to it.
            let b = try world.startEngine("rebalance-b", group: group, guarantee: guarantee)
            try await b.waitUntilAssigned(1)
            try await a.waitUntilAssigned(1)
            let movedPartition = try #require(b.assignedPartitions(input).first)
            try await produce(phase: 1)
            _ = try await world.outputs(containing: try expectedUpTo(phase: 1), running: [a, b])
            try await b.waitUntilCaughtUp(input: input, partitions: [movedPartition], recordsIn: phases[movedPartition][1].count)
            // B restored the open breaker of its partition and moved it on to half-open.
            let bMetrics = b.metrics()
            #expect((bMetrics["rulebridge_state_restores_total"] ?? 0) >= 1)
            #expect(bMetrics[#"rulebridge_actions_total{type="circuit-breaker"}"#] == 1, "B's breaker transitions:\n\(bMetrics)")
            // B resumed where A stopped: it never saw the storm that opened the breaker.
            #expect(bMetrics[#"rulebridge_records_in_total{topic="\#(input)"}"#] == Double(phases[movedPartition][1].count))

            // B leaves: A gets the partition back, with the state B left.
            let stopped = await b.stop()
            #expect(stopped == nil, "B stopped with \(String(describing: stopped))\n\(b.logText)")
            #expect(b.logText.contains("stopped cleanly"))
            try await a.waitUntilAssigned(2)
            let readBefore = Int(a.metrics()[#"rulebridge_records_in_total{topic="\#(input)"}"#] ?? 0)
            try await produce(phase: 2)
            let all = try expectedUpTo(phase: 2)
            _ = try await world.outputs(containing: all, running: [a])
            try await a.waitUntilCaughtUp(input: input, partitions: [0, 1], recordsIn: readBefore + phases[0][2].count + phases[1][2].count)
            let got = try await world.outputs()

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
}
