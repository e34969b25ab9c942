import Foundation
import RulebridgeTestSupport
import Testing

/// With `idle-advance`, an idle partition's event time follows the wall clock, so an
/// open breaker goes half-open and closes (restoring the Spot mix) with no new events.
@Suite("run: idle advance")
struct IdleAdvanceTests {
    @Test func anIdlePartitionMovesToTheWallClockAndTheBreakerClosesWithoutEvents() async throws {
        try await withWorld("idle") { world in
            // The storm up to the warning that opens the breaker (09:32:15), nothing after.
            let lines = Streams.split(try Streams.lines("spot-storm.jsonl"), after: ["2024-05-14T09:32:15Z"])[0]
            let engine = try world.startEngine("idle-1", group: world.unique("group")) { $0.idleAdvance = 1_000 }
            try await world.produce(lines, partition: 0)

            // The samples are from 2024: the wall clock is long past open-for + quiet-for.
            let got = try await world.outputs("the breaker to close by the wall clock", running: [engine]) { records in
                records.on("actions").contains { $0.value.contains("Rulebridge Capacity Restore") }
            }
            let states = got.on("actions").compactMap { $0.breakerChange?.state }
            #expect(states == ["open", "half-open", "closed"])
        }
    }
}
