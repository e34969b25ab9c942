/// What the engine did, for the replay summary and for metrics.
package struct EngineSummary: Sendable, Equatable {
    package var eventsRead = 0
    /// Input events that matched at least one rule.
    package var eventsMatched = 0
    package var actionsByType: [String: Int] = [:]
    /// Events (input or engine-made) each rule matched.
    package var matchesByRule: [String: Int] = [:]
    package var deadLetteredByReason: [String: Int] = [:]
    /// Events too old for the windows they would have counted in.
    package var lateEvents = 0
    package var notificationsSuppressed = 0
    /// Rule evaluations skipped because a required var had no value, by rule.
    package var skippedByRule: [String: Int] = [:]
    /// Engine-made events beyond the depth limit, dropped.
    package var derivedDropped = 0
    /// Matched events whose whole document jansson could not hold (see
    /// `JSONValue`: a duplicate key the rules do not read, `\u0000` in a
    /// key), so templates that needed it saw `null`.
    package var unreadableDocuments = 0

    package init() {}

    /// Lines for stderr, sorted so the text is stable.
    package var lines: [String] {
        var out = ["events read: \(eventsRead)", "events matched: \(eventsMatched)"]
        let actions = actionsByType.values.reduce(0, +)
        out.append("actions: \(actions)" + (actions == 0 ? "" : " (" + actionsByType.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")"))
        let dead = deadLetteredByReason.values.reduce(0, +)
        out.append("dead-lettered: \(dead)" + (dead == 0 ? "" : " (" + deadLetteredByReason.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")"))
        if notificationsSuppressed > 0 { out.append("notifications held back by cooldown: \(notificationsSuppressed)") }
        if lateEvents > 0 { out.append("late events (not counted in windows): \(lateEvents)") }
        if unreadableDocuments > 0 {
            out.append("events whose whole document could not be read (templates saw null): \(unreadableDocuments)")
        }
        if derivedDropped > 0 { out.append("engine events dropped beyond depth \(RuleEngine.maximumDepth): \(derivedDropped)") }
        return out
    }
}
