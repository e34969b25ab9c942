/// What the engine did, for the replay summary and for metrics.
public struct EngineSummary: Sendable, Equatable {
    public var eventsRead = 0
    /// Input events that matched at least one rule.
    public var eventsMatched = 0
    public var actionsByType: [String: Int] = [:]
    /// Events (input or engine-made) each rule matched.
    public var matchesByRule: [String: Int] = [:]
    public var deadLetteredByReason: [String: Int] = [:]
    /// Events too old for the windows they would have counted in.
    public var lateEvents = 0
    public var notificationsSuppressed = 0
    /// Rule evaluations skipped because a required var had no value, by rule.
    public var skippedByRule: [String: Int] = [:]
    /// Engine-made events beyond the depth limit, dropped.
    public var derivedDropped = 0

    public init() {}

    /// Lines for stderr, sorted so the text is stable.
    public var lines: [String] {
        var out = ["events read: \(eventsRead)", "events matched: \(eventsMatched)"]
        let actions = actionsByType.values.reduce(0, +)
        out.append("actions: \(actions)" + (actions == 0 ? "" : " (" + actionsByType.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")"))
        let dead = deadLetteredByReason.values.reduce(0, +)
        out.append("dead-lettered: \(dead)" + (dead == 0 ? "" : " (" + deadLetteredByReason.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")"))
        if notificationsSuppressed > 0 { out.append("notifications held back by cooldown: \(notificationsSuppressed)") }
        if lateEvents > 0 { out.append("late events (not counted in windows): \(lateEvents)") }
        if derivedDropped > 0 { out.append("engine events dropped beyond depth \(RuleEngine.maximumDepth): \(derivedDropped)") }
        return out
    }
}
