import Testing
@testable import Rules

struct CircuitBreakerTests {
    let spec = BreakerSpec(name: "b", openFor: 15 * 60_000, quietFor: 10 * 60_000, location: .init(file: "f", line: 1, column: 1))

    @Test func aTripOpensAClosedBreakerUntilOpenForHasPassed() {
        var b = CircuitBreaker(spec: spec)
        let r1 = b.trip(at: 0)
        #expect(r1 == .init(from: .closed, to: .open, at: 0))
        #expect(b.deadline == Optional(Int64(15 * 60_000)))
    }

    @Test func aTripWhileOpenChangesNothing() {
        var b = CircuitBreaker(spec: spec)
        _ = b.trip(at: 0)
        let r2 = b.trip(at: 60_000)
        #expect(r2 == nil)
        #expect(b.deadline == Optional(Int64(15 * 60_000)))
    }

    @Test func openGoesHalfOpenThenClosesAfterAQuietPeriod() {
        var b = CircuitBreaker(spec: spec)
        _ = b.trip(at: 0)
        let r3 = b.fire(generation: b.generation)
        #expect(r3 == .init(from: .open, to: .halfOpen, at: 15 * 60_000))
        let r4 = b.fire(generation: b.generation)
        #expect(r4 == .init(from: .halfOpen, to: .closed, at: 25 * 60_000))
        #expect(b.state == .closed)
    }

    @Test func aTripInHalfOpenReopens() {
        var b = CircuitBreaker(spec: spec)
        _ = b.trip(at: 0)
        _ = b.fire(generation: b.generation)
        let r5 = b.trip(at: 16 * 60_000)
        #expect(r5 == .init(from: .halfOpen, to: .open, at: 16 * 60_000))
        #expect(b.deadline == Optional(Int64(31 * 60_000)))
    }

    @Test func aStaleTimerIsIgnored() {
        var b = CircuitBreaker(spec: spec)
        _ = b.trip(at: 0)
        let stale = b.generation
        _ = b.reset(at: 1)
        let r6 = b.fire(generation: stale)
        #expect(r6 == nil)
    }
}

struct SlidingWindowTests {
    @Test func aDuplicateDeliveryCountsOnce() {
        var w = SlidingWindow()
        let r7 = w.add(time: 0, id: "a", value: nil)
        #expect(r7)
        let r8 = w.add(time: 0, id: "a", value: nil)
        #expect(!r8)
        #expect(w.aggregate(.count) == 1)
    }

    @Test func eventsOlderThanTheWindowFallOut() {
        var w = SlidingWindow()
        _ = w.add(time: 0, id: "a", value: nil)
        _ = w.add(time: 200, id: "b", value: nil)
        w.evict(now: 1_100, length: 1_000)
        #expect(w.eventIDs == ["b"])
    }

    @Test func lateEventsAreKeptInTimeOrder() {
        var w = SlidingWindow()
        _ = w.add(time: 500, id: "b", value: nil)
        _ = w.add(time: 100, id: "a", value: nil)
        #expect(w.eventIDs == ["a", "b"])
    }

    @Test func sumAndDistinctReadTheEventsValues() {
        var w = SlidingWindow()
        _ = w.add(time: 0, id: "a", value: .number("2"))
        _ = w.add(time: 1, id: "b", value: .number("3"))
        _ = w.add(time: 2, id: "c", value: .number("3"))
        #expect(w.aggregate(.sum(.variable("x", fields: []))) == 8)
        #expect(w.aggregate(.distinct(.variable("x", fields: []))) == 2)
    }
}
