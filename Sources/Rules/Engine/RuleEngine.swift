import EventPatterns
import Events
import JSON

/// The core every driver shares (`run`, `replay`, `test`): event bytes in,
/// output records out, in event time. One engine per input partition; it is
/// not thread-safe and needs none.
package final class RuleEngine {
    /// How deep engine-made events (breaker changes, `emit`) may feed back.
    package static let maximumDepth = 8

    package let ruleSet: RuleSet
    private var events: EventMatcher
    private let scannedPaths: ScannedPaths
    var state: EngineState
    package private(set) var summary = EngineSummary()

    package init(ruleSet: RuleSet) throws(PatternError) {
        self.ruleSet = ruleSet
        let matcher = try PatternMatcher(ruleSet.rules.map(\.pattern))
        var paths = matcher.paths
        scannedPaths = ScannedPaths(ruleSet.rules.reduce(into: Set()) { $0.formUnion($1.jsonPaths) }, into: &paths)
        events = EventMatcher(matcher, paths: paths)
        state = EngineState(ruleSet: ruleSet)
    }

    /// Processes one input record; malformed input becomes a dead-letter record.
    package func process(_ record: [UInt8]) -> [OutputRecord] {
        var out: [OutputRecord] = []
        summary.eventsRead += 1
        guard let trigger = decode(record, depth: 0, document: nil, out: &out) else { return out }
        if advanceClock(to: trigger.time, out: &out) {
            // Timer events went through the scanner since: read this record again.
            _ = decode(record, depth: 0, document: nil, out: &out)
        }
        if handle(trigger, out: &out) { summary.eventsMatched += 1 }
        return out
    }

    /// Moves event time forward without an event, e.g. from an idle input in
    /// `run` when wall-clock advance is configured; fires due breaker timers.
    package func advance(to time: Int64) -> [OutputRecord] {
        var out: [OutputRecord] = []
        advanceClock(to: time, out: &out)
        return out
    }

    // MARK: - State

    /// The state entries changed since the last call, with their new values
    /// (nil: deleted), for the changelog a driver writes with its outputs
    /// (`StateChangelog`).
    package func takeStateChanges() -> [(key: String, value: [UInt8]?)] {
        state.takeChanged().map { (key, entry) in (key, state.value(of: entry)?.jsonBytes) }
    }

    /// Every state entry, as `takeStateChanges` would give them all at once.
    package func stateSnapshot() -> [(key: String, value: [UInt8])] {
        var entries: [StateEntry] = state.clock == .min ? [] : [.clock]
        for (t, table) in state.tables { for k in table.keys { entries.append(.table(t, k)) } }
        for (r, groups) in state.windows { for k in groups.keys { entries.append(.window(r, k)) } }
        for (n, keys) in state.breakers { for k in keys.keys { entries.append(.breaker(n, k)) } }
        for k in state.lastNotified.keys { entries.append(.notified(k)) }
        return entries.sorted { $0.key < $1.key }.compactMap { e in state.value(of: e).map { (e.key, $0.jsonBytes) } }
    }

    /// Rebuilds state from changelog records (latest value per key wins;
    /// nil deletes). Unknown keys are skipped and counted in the result.
    @discardableResult
    package func restoreState(_ records: [(key: String, value: [UInt8]?)]) -> Int {
        var skipped = 0
        for (key, value) in records {
            guard let entry = StateEntry(key: key) else { skipped += 1; continue }
            let json = value.flatMap { try? JSONValue.parse($0) }
            state.restore(entry, json, ruleSet: ruleSet)
        }
        _ = state.takeChanged()
        return skipped
    }

    /// Every breaker key that is not closed, for metrics.
    package var breakerStates: [(breaker: String, key: String, state: String)] {
        state.breakers.flatMap { name, keys in
            keys.map { (breaker: name, key: $0.key, state: $0.value.state.rawValue) }
        }.sorted { ($0.breaker, $0.key) < ($1.breaker, $1.key) }
    }

    // MARK: - Decoding

    private func decode(_ record: [UInt8], depth: Int, document: JSONValue?, out: inout [OutputRecord]) -> Trigger? {
        do {
            return Trigger(envelope: try events.read(record), depth: depth, raw: record, document: document)
        } catch {
            summary.deadLetteredByReason[error.code, default: 0] += 1
            out.append(OutputRecord(
                topic: .deadLetter, key: nil,
                headers: [("rulebridge-error", error.code), ("rulebridge-error-message", error.message)],
                value: record))
            return nil
        }
    }

    // MARK: - Time

    /// Returns whether any timer fired.
    @discardableResult
    private func advanceClock(to time: Int64, out: inout [OutputRecord]) -> Bool {
        var fired = false
        while let timer = state.timers.next, timer.due <= time {
            _ = state.timers.pop()
            state.advanceClock(to: timer.due)
            guard var breaker = state.breakers[timer.breaker]?[timer.key],
                  let change = breaker.fire(generation: timer.generation) else { continue }
            state.setBreaker(timer.breaker, key: timer.key, breaker)
            let event = breaker.changeEvent(key: timer.key, change: change, cause: nil, triggers: [], account: breaker.account, region: breaker.region)
            state.scheduleTimer(breaker, key: timer.key)
            summary.actionsByType[CircuitBreakerAction.name, default: 0] += 1
            out.append(OutputRecord(
                topic: .actions, key: "\(timer.breaker)/\(timer.key)",
                headers: [("rulebridge-action", CircuitBreakerAction.name)],
                value: event.jsonBytes))
            emitDerived(event, depth: 1, out: &out)
            fired = true
        }
        state.advanceClock(to: time)
        return fired
    }

    // MARK: - Rules

    /// Runs every matching rule for `trigger`, then the events they made.
    /// Returns whether any rule matched.
    @discardableResult
    private func handle(_ trigger: Trigger, out: inout [OutputRecord]) -> Bool {
        let rules = events.match()
        guard !rules.isEmpty else { return false }
        var derived: [JSONValue] = []
        for r in rules { evaluate(r, trigger, out: &out, derived: &derived) }
        if trigger.documentError != nil { summary.unreadableDocuments += 1 }
        for event in derived { emitDerived(event, depth: trigger.depth + 1, out: &out) }
        return true
    }

    private func emitDerived(_ event: JSONValue, depth: Int, out: inout [OutputRecord]) {
        guard depth <= Self.maximumDepth else {
            summary.derivedDropped += 1
            return
        }
        // Engine-made events are well-formed by construction; decode only fails on a bug.
        guard let trigger = decode(event.jsonBytes, depth: depth, document: event, out: &out) else { return }
        handle(trigger, out: &out)
    }

    private func evaluate(_ index: Int, _ trigger: Trigger, out: inout [OutputRecord], derived: inout [JSONValue]) {
        let rule = ruleSet.rules[index]
        summary.matchesByRule[rule.name, default: 0] += 1
        var bindings = Bindings(
            rule: rule, trigger: trigger, fields: events.fields, reached: events.scanner.reachedNodes, scanned: scannedPaths)
        for name in rule.require {
            guard let i = rule.varNames.firstIndex(of: name), let v = bindings.variable(i, state: state), !v.isNull else {
                summary.skippedByRule[rule.name, default: 0] += 1
                return
            }
        }
        var triggerIDs = [trigger.id]
        if let when = rule.when {
            guard let ids = windowHolds(when, index, trigger, &bindings) else { return }
            triggerIDs = ids
        }
        // The run takes the output so far and the counts, and gives them back
        // after the actions: moved, not copied.
        var run = ActionRun(
            bindings: bindings, triggerIDs: triggerIDs, breakers: ruleSet.breakers, state: state, records: out, events: derived,
            summary: summary)
        (out, derived, summary) = ([], [], EngineSummary())
        for action in rule.actions { action.type.perform(action, &run) }
        (out, derived, summary) = (run.records, run.events, run.summary)
    }

    /// Adds the trigger to its group's window and tells whether the condition
    /// holds; returns the ids of the events in the window when it does.
    private func windowHolds(_ when: WindowCondition, _ rule: Int, _ trigger: Trigger, _ bindings: inout Bindings) -> [String]? {
        let key = when.groupBy.map { bindings.render($0, state: state).templateText } ?? ""
        let name = ruleSet.rules[rule].name
        var window = state.windows[name]?[key] ?? SlidingWindow()
        if trigger.time < state.clock - when.lateness {
            summary.lateEvents += 1
        } else if trigger.time > state.clock - when.window {
            var value: JSONValue?
            switch when.aggregate {
            case .count: value = nil
            case .distinct(let r), .sum(let r): value = bindings.value(r, state: state)
            }
            _ = window.add(time: trigger.time, id: trigger.id, value: value)
        }
        window.evict(now: state.clock, length: when.window)
        state.setWindow(rule: name, key: key, window)
        var x = window.aggregate(when.aggregate)
        if let per = when.per {
            guard let text = bindings.render(per, state: state).numberLiteral, let d = Double(text), d != 0 else { return nil }
            x /= d
        }
        return when.comparison.holds(x) ? window.eventIDs : nil
    }
}
