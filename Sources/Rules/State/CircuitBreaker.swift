import Events
import JSON

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

    /// A breaker as the changelog recorded it (`StateChangelog`).
    init(spec: BreakerSpec, state: State, since: Int64, deadline: Int64?, generation: Int, account: String, region: String) {
        self.spec = spec
        self.state = state
        self.since = since
        self.deadline = deadline
        self.generation = generation
        self.account = account
        self.region = region
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

    static let changeDetailType = "Rulebridge Circuit Breaker State Change"

    /// The event announcing `change` (rules can match it): from `rulebridge`
    /// at the change's time; its `detail` names the breaker, the key, the new
    /// and previous state, the rule that caused it (null for a timer), the
    /// events behind it, and `until` while a timed change is due.
    func changeEvent(
        key: String, change: Transition, cause: String?, triggers: [String], account: String, region: String
    ) -> JSONValue {
        var detail: [JSONValue.Member] = [
            .init(key: "breaker", value: .string(spec.name)),
            .init(key: "key", value: .string(key)),
            .init(key: "state", value: .string(change.to.rawValue)),
            .init(key: "previous-state", value: .string(change.from.rawValue)),
            .init(key: "rule", value: cause.map(JSONValue.string) ?? .null),
            .init(key: "trigger-event-ids", value: .array(triggers.map(JSONValue.string))),
        ]
        if let deadline { detail.append(.init(key: "until", value: .string(RFC3339.format(milliseconds: deadline)))) }
        let id = DeterministicID.make(["breaker", spec.name, key, change.to.rawValue, String(change.at)])
        return EventEnvelope(
            id: id, source: "rulebridge", detailType: Self.changeDetailType, time: change.at, account: account, region: region
        ).json(detail: .object(detail))
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
