import Foundation
import KafkaIO
import RulebridgeTestSupport
import StreamProcessing
import Testing

/// Broker faults while the engine runs, with the embedded broker's fault controls
/// at hand: the broker goes down for two seconds while the engine reads, processes
/// and commits; then produce and commit requests fail with retriable codes, and
/// finally with one the batch cannot survive (exactly-once: a partition refused to
/// the transaction; at-least-once: an offset commit refused), so the engine has to
/// give the batch up, rebuild its state from the changelog and read again from the
/// position stored with that state.
///
/// What the mock cluster cannot show: it does not isolate transactions (records of a
/// transaction the engine aborts after a failure stay visible to `read_committed`
/// consumers, so a batch the engine redoes can show up twice), and after a broker
/// outage even an idempotent producer was seen writing duplicates. On a real broker
/// the aborted copies would be invisible. The test asserts the strongest property
/// that still holds: nothing is lost, every output has its deterministic id, copies
/// of an id are identical, and de-duplicated by id the outputs are exactly replay's;
/// and the engine keeps running, healthy, without a restart.
@Suite("run: broker faults")
struct BrokerFaultTests {
    @Test(arguments: [RunConfiguration.Guarantee.exactlyOnce, .atLeastOnce])
    func theEngineRetriesThroughABrokerOutageAndRequestErrorsAndLosesNothing(guarantee: RunConfiguration.Guarantee) async throws {
        try await withWorld("faults-\(guarantee.rawValue)") { world in
            let broker = world.broker
            let lines = try Streams.requeueThenStorm()
            let phases = Streams.split(lines, after: [Streams.whileOpenStarts, Streams.halfOpenRevealed])
            let expected = try replay(lines)
            let engine = try world.startEngine("faults-\(guarantee.rawValue)", group: world.unique("group"), guarantee: guarantee)

            // Phase 0 with no fault: the breaker opens.
            try await world.produce(phases[0], partition: 0)
            _ = try await world.outputs(containing: try replay(phases[0]), running: [engine])
            try await engine.waitUntilCaughtUp(input: world.topics.input, partitions: [0], recordsIn: phases[0].count)

            // Phase 1, and the broker goes down while the engine reads, processes and commits it.
            try await world.produce(phases[1], partition: 0)
            try broker.setBrokerDown(1)
            try await Task.sleep(for: .seconds(2))  // the outage itself, not a wait for a condition
            try broker.setBrokerUp(1)
            _ = try await world.outputs(containing: try replay(phases[0] + phases[1]), running: [engine])

            // Phase 2 under request errors: the commit requests (only the engine sends them)
            // and produce requests fail a few times each, with the retriable codes a real
            // cluster answers during leader or coordinator moves…
            try broker.pushRequestErrors(apiKey: .produce, errors: [.notLeaderForPartition, .requestTimedOut, .notEnoughReplicas])
            if guarantee == .exactlyOnce {
                try broker.pushRequestErrors(apiKey: .addPartitionsToTransaction, errors: [.concurrentTransactions, .coordinatorNotAvailable])
                try broker.pushRequestErrors(apiKey: .addOffsetsToTransaction, errors: [.notCoordinator])
                try broker.pushRequestErrors(apiKey: .transactionOffsetCommit, errors: [.coordinatorLoadInProgress])
                try broker.pushRequestErrors(apiKey: .endTransaction, errors: [.notCoordinator, .concurrentTransactions])
                // …and then one the batch cannot survive (not retriable): a partition refused, so
                // the engine must abort, go back to its last committed state and redo the batch.
                try broker.pushRequestErrors(apiKey: .addPartitionsToTransaction, errors: [.topicAuthorizationFailed])
            } else {
                try broker.pushRequestErrors(apiKey: .offsetCommit, errors: [.groupAuthorizationFailed])
            }
            try await world.produce(phases[2], partition: 0)
            _ = try await world.outputs(containing: expected, running: [engine])
            // One more event, after the faults: once its action is out, everything before it
            // in the partition has been processed (the lag gauge cannot say so here: after a
            // rewind it is missing until the next record arrives).
            let got = try await world.settle(engine, after: lines)
            expectDedupedEqualsReplay(got, expected)
            #expect(breakerChanges(got) == breakerChanges(expected))
            #expect(engine.isRunning, "the engine stopped:\n\(engine.logText)")
            #expect(try await engine.get("/healthz").status == 200)
            #expect(try await engine.get("/readyz").status == 200)
            let m = engine.metrics()
            #expect((m["rulebridge_commits_total"] ?? 0) >= 3)
            // The refused request failed one batch, which the engine abandoned and redid.
            #expect((m["rulebridge_commit_failures_total"] ?? 0) >= 1, "no batch was aborted:\n\(engine.logText)")
        }
    }

    /// At-least-once after a delivery failure: the batch whose actions never reached the
    /// broker is processed again, not skipped. The engine is stopped while the next part
    /// of the stream arrives, and the broker is told to refuse the next produce request
    /// for good (not retriable): the restarted engine's first batch of actions then fails
    /// delivery while its changelog records (sent later, at commit) get through. The
    /// engine must rewind to a position whose outputs are safe — not to the position it
    /// wrote next to the state of the failed batch.
    @Test func atLeastOnceProcessesABatchAgainWhenItsActionsFailedDelivery() async throws {
        try await withWorld("delivery-failure") { world in
            let lines = try Streams.requeueThenStorm()
            // Cut just before the warning that opens the breaker: the second part acts at once.
            let parts = Streams.split(lines, after: ["2024-05-14T09:32:05Z"])
            let expected = try replay(lines)
            let group = world.unique("group")

            let first = try world.startEngine("delivery", group: group, guarantee: .atLeastOnce)
            try await world.produce(parts[0], partition: 0)
            _ = try await world.outputs(containing: try replay(parts[0]), running: [first])
            try await first.waitUntilCaughtUp(input: world.topics.input, partitions: [0], recordsIn: parts[0].count)
            let stopped = await first.stop()
            #expect(stopped == nil, "the first engine stopped with \(String(describing: stopped))")

            try await world.produce(parts[1], partition: 0)
            // INVALID_RECORD: a permanent delivery failure the engine survives. (After
            // TOPIC_AUTHORIZATION_FAILED librdkafka 2.0.2 refuses every later produce to the
            // topic until its metadata refreshes, so the engine stops with that error.)
            try world.broker.pushRequestErrors(apiKey: .produce, errors: [KafkaErrorCode(rawValue: 87)])
            let second = try world.startEngine("delivery", group: group, guarantee: .atLeastOnce)
            let got = try await world.outputs(containing: expected, running: [second])
            expectDedupedEqualsReplay(got, expected)
            #expect(breakerChanges(got) == breakerChanges(expected))
            #expect((second.metrics()["rulebridge_commit_failures_total"] ?? 0) >= 1, "the refused produce request failed no batch:\n\(second.logText)")
            #expect(second.isRunning)
        }
    }
}
