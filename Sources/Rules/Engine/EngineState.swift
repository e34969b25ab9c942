import JSON

/// Everything the engine remembers between events: the event-time clock,
/// learned tables, windows, breakers and notification cooldowns.
///
/// Every change goes through a method that notes the entry it touched, so a
/// driver can write just those entries to a changelog (`RuleEngine.takeStateChanges`)
/// and a restarted engine can rebuild the state from them (`StateChangelog`).
final class EngineState {
    /// The latest event time seen (milliseconds since the epoch).
    private(set) var clock: Int64 = .min
    private(set) var tables: [String: FactTable]
    /// Per rule name, per group key.
    private(set) var windows: [String: [String: SlidingWindow]] = [:]
    private(set) var breakers: [String: [String: CircuitBreaker]] = [:]
    var timers = TimerQueue()
    /// When each notification cooldown key last sent.
    private(set) var lastNotified: [String: Int64] = [:]
    /// Entries changed since the last `takeChanged()`.
    private var changed: Set<StateEntry> = []

    init(ruleSet: RuleSet) {
        tables = ruleSet.tables.mapValues { FactTable(ttl: $0.ttl) }
        longestCooldown = ruleSet.rules.flatMap(\.actions).compactMap(NotifyAction.cooldown).max() ?? 0
    }

    func advanceClock(to t: Int64) {
        guard t > clock else { return }
        clock = t
        changed.insert(.clock)
    }

    func remember(table: String, key: String, fields: [JSONValue.Member], now: Int64) {
        guard tables[table] != nil else { return }
        for expired in tables[table]!.remember(key, fields: fields, now: now) { changed.insert(.table(table, expired)) }
        changed.insert(.table(table, key))
    }

    func forget(table: String, key: String) {
        tables[table]?.forget(key)
        changed.insert(.table(table, key))
    }

    func add(table: String, key: String, field: String, amount: Double, now: Int64, eventID: String) {
        guard tables[table] != nil else { return }
        for expired in tables[table]!.add(key, field: field, amount: amount, now: now, eventID: eventID) { changed.insert(.table(table, expired)) }
        changed.insert(.table(table, key))
    }

    func setWindow(rule: String, key: String, _ window: SlidingWindow) {
        windows[rule, default: [:]][key] = window.isEmpty ? nil : window
        changed.insert(.window(rule, key))
    }

    func setBreaker(_ name: String, key: String, _ breaker: CircuitBreaker) {
        breakers[name, default: [:]][key] = breaker
        changed.insert(.breaker(name, key))
    }

    /// Schedules the breaker's next timed change, if it has one.
    func scheduleTimer(_ breaker: CircuitBreaker, key: String) {
        if let due = breaker.deadline {
            timers.schedule(due: due, breaker: breaker.spec.name, key: key, generation: breaker.generation)
        }
    }

    /// The longest notification cooldown of the rules: older entries can go.
    private let longestCooldown: Int64

    func notified(_ key: String, at t: Int64) {
        lastNotified[key] = t
        // Cooldown keys come from events, so their number is not bounded by the rules:
        // drop the ones whose cooldown is over, now and then, with tombstones.
        if lastNotified.count > 1_024, lastNotified.count.isMultiple(of: 256) {
            for (k, at) in lastNotified where t - at > longestCooldown {
                lastNotified[k] = nil
                changed.insert(.notified(k))
            }
        }
        changed.insert(.notified(key))
    }

    /// The entries changed since the last call with their keys, in key order.
    func takeChanged() -> [(key: String, entry: StateEntry)] {
        defer { changed.removeAll(keepingCapacity: true) }
        return changed.map { ($0.key, $0) }.sorted { $0.key < $1.key }
    }

    // MARK: - Changelog

    /// The current value of `entry`, or nil when it no longer exists (a tombstone).
    func value(of entry: StateEntry) -> JSONValue? {
        switch entry {
        case .clock:
            return clock == .min ? nil : StateChangelog.value(ofInstant: clock)
        case .table(let t, let k):
            return tables[t]?.record(k).map(StateChangelog.value(of:))
        case .window(let r, let k):
            return windows[r]?[k].map(StateChangelog.value(of:))
        case .breaker(let n, let k):
            return breakers[n]?[k].map(StateChangelog.value(of:))
        case .notified(let k):
            return lastNotified[k].map(StateChangelog.value(ofInstant:))
        }
    }

    /// Applies one changelog entry while restoring; entries for tables or
    /// breakers the current rules no longer define are ignored.
    func restore(_ entry: StateEntry, _ value: JSONValue?, ruleSet: RuleSet) {
        switch entry {
        case .clock:
            if let t = StateChangelog.instant(value) { clock = t }
        case .table(let t, let k):
            guard tables[t] != nil else { return }
            if let record = StateChangelog.record(value) {
                tables[t]?.restore(k, record)
            } else {
                tables[t]?.forget(k)
            }
        case .window(let r, let k):
            windows[r, default: [:]][k] = value.flatMap(StateChangelog.window)
        case .breaker(let n, let k):
            guard let spec = ruleSet.breakers[n] else { return }
            guard let value, let b = StateChangelog.breaker(value, spec: spec) else {
                breakers[n]?[k] = nil
                return
            }
            breakers[n, default: [:]][k] = b
            scheduleTimer(b, key: k)
        case .notified(let k):
            lastNotified[k] = StateChangelog.instant(value)
        }
    }
}
