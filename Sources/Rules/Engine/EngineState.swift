import EventPatterns

/// Everything the engine remembers between events: the event-time clock,
/// learned tables, windows, breakers and notification cooldowns.
///
/// Every change goes through a method that notes the entry it touched, so a
/// driver can write just those entries to a changelog (`RuleEngine.takeStateChanges`)
/// and a restarted engine can rebuild the state from them (`StateEntry`).
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
        longestCooldown = ruleSet.rules.flatMap(\.actions).compactMap(\.cooldown).max() ?? 0
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

    // MARK: - Changelog encoding

    /// The current value of `entry`, or nil when it no longer exists (a tombstone).
    func value(of entry: StateEntry) -> JSONValue? {
        switch entry {
        case .clock:
            return clock == .min ? nil : .number(String(clock))
        case .table(let t, let k):
            guard let r = tables[t]?.record(k) else { return nil }
            return .object([
                .init(key: "fields", value: .object(r.fields)), .init(key: "written", value: .number(String(r.written))),
                .init(key: "added-by", value: .array(r.addedBy.map(JSONValue.string))),
            ])
        case .window(let r, let k):
            return windows[r]?[k].map { $0.encoded }
        case .breaker(let n, let k):
            return breakers[n]?[k].map { $0.encoded }
        case .notified(let k):
            return lastNotified[k].map { .number(String($0)) }
        }
    }

    /// Applies one changelog entry while restoring; entries for tables or
    /// breakers the current rules no longer define are ignored.
    func restore(_ entry: StateEntry, _ value: JSONValue?, ruleSet: RuleSet) {
        switch entry {
        case .clock:
            if case .number(let n)? = value, let t = Int64(n) { clock = t }
        case .table(let t, let k):
            guard tables[t] != nil else { return }
            if case .object(let m)? = value, case .object(let fields)? = m.first(where: { $0.key == "fields" })?.value,
               case .number(let w)? = m.first(where: { $0.key == "written" })?.value, let written = Int64(w) {
                let addedBy = m.first(where: { $0.key == "added-by" })?.value.arrayValue?.compactMap(\.stringValue) ?? []
                tables[t]!.restore(k, .init(fields: fields, written: written, addedBy: addedBy))
            } else {
                tables[t]!.forget(k)
            }
        case .window(let r, let k):
            windows[r, default: [:]][k] = value.flatMap(SlidingWindow.init(encoded:))
        case .breaker(let n, let k):
            guard let spec = ruleSet.breakers[n] else { return }
            guard let value, let b = CircuitBreaker(spec: spec, encoded: value) else {
                breakers[n]?[k] = nil
                return
            }
            breakers[n, default: [:]][k] = b
            if let due = b.deadline { timers.schedule(due: due, breaker: n, key: k, generation: b.generation) }
        case .notified(let k):
            if case .number(let n)? = value, let t = Int64(n) { lastNotified[k] = t } else { lastNotified[k] = nil }
        }
    }
}

/// One piece of engine state, as keyed in the changelog.
public enum StateEntry: Hashable, Sendable {
    case clock
    case table(String, String)
    case window(String, String)
    case breaker(String, String)
    case notified(String)

    /// The changelog record key: a JSON array, unambiguous whatever the names hold.
    public var key: String {
        let parts: [String] =
            switch self {
            case .clock: ["clock"]
            case .table(let t, let k): ["table", t, k]
            case .window(let r, let k): ["window", r, k]
            case .breaker(let n, let k): ["breaker", n, k]
            case .notified(let k): ["notified", k]
            }
        return JSONValue.array(parts.map(JSONValue.string)).jsonText
    }

    public init?(key: String) {
        guard case .array(let items)? = try? JSONValue.parse(key) else { return nil }
        let parts = items.compactMap(\.stringValue)
        guard parts.count == items.count, let kind = parts.first else { return nil }
        switch (kind, parts.count) {
        case ("clock", 1): self = .clock
        case ("table", 3): self = .table(parts[1], parts[2])
        case ("window", 3): self = .window(parts[1], parts[2])
        case ("breaker", 3): self = .breaker(parts[1], parts[2])
        case ("notified", 2): self = .notified(parts[1])
        default: return nil
        }
    }
}
