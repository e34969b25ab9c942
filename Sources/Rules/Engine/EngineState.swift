/// Everything the engine remembers between events: the event-time clock,
/// learned tables, windows, breakers and notification cooldowns.
struct EngineState {
    /// The latest event time seen (milliseconds since the epoch).
    var clock: Int64 = .min
    var tables: [String: FactTable]
    /// Per rule (by index), per group key.
    var windows: [[String: SlidingWindow]]
    var breakers: [String: [String: CircuitBreaker]] = [:]
    var timers = TimerQueue()
    /// When each notification cooldown key last sent.
    var lastNotified: [String: Int64] = [:]

    init(ruleSet: RuleSet) {
        tables = ruleSet.tables.mapValues { FactTable(ttl: $0.ttl) }
        windows = Array(repeating: [:], count: ruleSet.rules.count)
    }
}
