import Testing
@testable import Rules

struct CircuitBreakerTests {
    let spec = BreakerSpec(name: "b", openFor: 15 * 60_000, quietFor: 10 * 60_000, location: .init(file: "f", line: 1, column: 1))

    @Test func aTripOpensAClosedBreakerUntilOpenForHasPassed() {
        var b = CircuitBreaker(spec: spec)
        #expect(b.trip(at: 0) == .init(from: .closed, to: .open, at: 0))
        #expect(b.deadline == 15 * 60_000)
    }

    @Test func aTripWhileOpenChangesNothing() {
        var b = CircuitBreaker(spec: spec)
        _ = b.trip(at: 0)
        #expect(b.trip(at: 60_000) == nil)
        #expect(b.deadline == 15 * 60_000)
    }

    @Test func openGoesHalfOpenThenClosesAfterAQuietPeriod() {
        var b = CircuitBreaker(spec: spec)
        _ = b.trip(at: 0)
        #expect(b.fire(generation: b.generation) == .init(from: .open, to: .halfOpen, at: 15 * 60_000))
        #expect(b.fire(generation: b.generation) == .init(from: .halfOpen, to: .closed, at: 25 * 60_000))
        #expect(b.state == .closed)
    }

    @Test func aTripInHalfOpenReopens() {
        var b = CircuitBreaker(spec: spec)
        _ = b.trip(at: 0)
        _ = b.fire(generation: b.generation)
        #expect(b.trip(at: 16 * 60_000) == .init(from: .halfOpen, to: .open, at: 16 * 60_000))
        #expect(b.deadline == 31 * 60_000)
    }

    @Test func aStaleTimerIsIgnored() {
        var b = CircuitBreaker(spec: spec)
        _ = b.trip(at: 0)
        let stale = b.generation
        _ = b.reset(at: 1)
        #expect(b.fire(generation: stale) == nil)
    }
}

struct SlidingWindowTests {
    @Test func aDuplicateDeliveryCountsOnce() {
        var w = SlidingWindow()
        #expect(w.add(time: 0, id: "a", value: nil))
        #expect(!w.add(time: 0, id: "a", value: nil))
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
