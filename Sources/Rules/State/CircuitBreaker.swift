import EventPatterns

/// One breaker for one key: closed → open on a trip, open for a while, then
/// half-open; a quiet half-open closes it, a trip in half-open re-opens it.
struct CircuitBreaker {
    enum State: String, Sendable {
        case closed, open
        case halfOpen = "half-open"
    }

    struct Transition: Equatable {
        var from: State
        var to: State
        var at: Int64
    }

    let spec: BreakerSpec
    private(set) var state: State = .closed
    private(set) var since: Int64 = 0
    /// When the next timed transition is due, if any.
    private(set) var deadline: Int64?
    /// Bumped on every change so that stale timers can be recognised.
    private(set) var generation = 0
    /// Account and region of the event that last tripped it, for the events
    /// its timers make later.
    var account = ""
    var region = ""

    init(spec: BreakerSpec) { self.spec = spec }

    /// For the changelog: everything but the spec, which comes from the rules.
    var encoded: JSONValue {
        .object([
            .init(key: "state", value: .string(state.rawValue)),
            .init(key: "since", value: .number(String(since))),
            .init(key: "deadline", value: deadline.map { .number(String($0)) } ?? .null),
            .init(key: "generation", value: .number(String(generation))),
            .init(key: "account", value: .string(account)),
            .init(key: "region", value: .string(region)),
        ])
    }

    init?(spec: BreakerSpec, encoded: JSONValue) {
        guard let s = encoded["state"]?.stringValue, let state = State(rawValue: s),
              case .number(let since)? = encoded["since"], case .number(let g)? = encoded["generation"]
        else { return nil }
        self.spec = spec
        self.state = state
        self.since = Int64(since) ?? 0
        if case .number(let d)? = encoded["deadline"] { deadline = Int64(d) }
        generation = Int(g) ?? 0
        account = encoded["account"]?.stringValue ?? ""
        region = encoded["region"]?.stringValue ?? ""
    }

    mutating func trip(at now: Int64) -> Transition? {
        switch state {
        case .closed, .halfOpen: return move(to: .open, at: now, deadline: now + spec.openFor)
        case .open: return nil
        }
    }

    mutating func reset(at now: Int64) -> Transition? {
        state == .closed ? nil : move(to: .closed, at: now, deadline: nil)
    }

    /// The timed transition due at `deadline`, if the breaker still has it.
    mutating func fire(generation g: Int) -> Transition? {
        guard g == generation, let due = deadline else { return nil }
        switch state {
        case .open: return move(to: .halfOpen, at: due, deadline: due + spec.quietFor)
        case .halfOpen: return move(to: .closed, at: due, deadline: nil)
        case .closed: return nil
        }
    }

    private mutating func move(to next: State, at now: Int64, deadline: Int64?) -> Transition {
        let t = Transition(from: state, to: next, at: now)
        state = next
        since = now
        self.deadline = deadline
        generation += 1
        return t
    }
}

/// Due times of breaker transitions, earliest first; entries whose breaker
/// has moved on since are skipped when they come up.
struct TimerQueue {
    struct Timer: Comparable {
        var due: Int64
        var sequence: Int
        var breaker: String
        var key: String
        var generation: Int

        static func < (a: Timer, b: Timer) -> Bool { (a.due, a.sequence) < (b.due, b.sequence) }
    }

    private var heap: [Timer] = []
    private var sequence = 0

    var isEmpty: Bool { heap.isEmpty }
    var next: Timer? { heap.first }

    mutating func schedule(due: Int64, breaker: String, key: String, generation: Int) {
        sequence += 1
        heap.append(Timer(due: due, sequence: sequence, breaker: breaker, key: key, generation: generation))
        var i = heap.count - 1
        while i > 0 {
            let p = (i - 1) / 2
            guard heap[i] < heap[p] else { break }
            heap.swapAt(i, p)
            i = p
        }
    }

    mutating func pop() -> Timer? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let top = heap.removeLast()
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < heap.count && heap[l] < heap[m] { m = l }
            if r < heap.count && heap[r] < heap[m] { m = r }
            if m == i { break }
            heap.swapAt(i, m)
            i = m
        }
        return top
    }
}
