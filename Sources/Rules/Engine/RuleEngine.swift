import EventPatterns
import Events

/// The core every driver shares (`run`, `replay`, `test`): event bytes in,
/// output records out, in event time. One engine per input partition; it is
/// not thread-safe and needs none.
public final class RuleEngine {
    /// How deep engine-made events (breaker changes, `emit`) may feed back.
    public static let maximumDepth = 8

    public let ruleSet: RuleSet
    private let matcher: PatternMatcher
    private var scanner: EventScanner
    private var fields = EventFields()
    private var matched: [Int] = []
    private var scratch = PatternMatcher.Scratch()
    private let scannedPaths: ScannedPaths
    var state: EngineState
    public private(set) var summary = EngineSummary()

    package init(ruleSet: RuleSet) throws(PatternError) {
        self.ruleSet = ruleSet
        matcher = try PatternMatcher(ruleSet.rules.map(\.pattern))
        var paths = matcher.paths
        scannedPaths = ScannedPaths(ruleSet.rules.reduce(into: Set()) { $0.formUnion($1.jsonPaths) }, into: &paths)
        scanner = EventScanner(paths: paths)
        state = EngineState(ruleSet: ruleSet)
    }

    /// Processes one input record; malformed input becomes a dead-letter record.
    public func process(_ record: [UInt8]) -> [OutputRecord] {
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
    public func advance(to time: Int64) -> [OutputRecord] {
        var out: [OutputRecord] = []
        advanceClock(to: time, out: &out)
        return out
    }

    // MARK: - State

    /// The state entries changed since the last call, with their new values
    /// (nil: deleted), for the changelog a driver writes with its outputs.
    public func takeStateChanges() -> [(key: String, value: [UInt8]?)] {
        state.takeChanged().map { (key, entry) in (key, state.value(of: entry).map { Array($0.jsonText.utf8) }) }
    }

    /// Every state entry, as `takeStateChanges` would give them all at once.
    public func stateSnapshot() -> [(key: String, value: [UInt8])] {
        var entries: [StateEntry] = state.clock == .min ? [] : [.clock]
        for (t, table) in state.tables { for k in table.keys { entries.append(.table(t, k)) } }
        for (r, groups) in state.windows { for k in groups.keys { entries.append(.window(r, k)) } }
        for (n, keys) in state.breakers { for k in keys.keys { entries.append(.breaker(n, k)) } }
        for k in state.lastNotified.keys { entries.append(.notified(k)) }
        return entries.sorted { $0.key < $1.key }.compactMap { e in state.value(of: e).map { (e.key, Array($0.jsonText.utf8)) } }
    }

    /// Rebuilds state from changelog records (latest value per key wins;
    /// nil deletes). Unknown keys are skipped and counted in the result.
    @discardableResult
    public func restoreState(_ records: [(key: String, value: [UInt8]?)]) -> Int {
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
    public var breakerStates: [(breaker: String, key: String, state: String)] {
        state.breakers.flatMap { name, keys in
            keys.map { (breaker: name, key: $0.key, state: $0.value.state.rawValue) }
        }.sorted { ($0.breaker, $0.key) < ($1.breaker, $1.key) }
    }

    // MARK: - Decoding

    private func decode(_ record: [UInt8], depth: Int, document: JSONValue?, out: inout [OutputRecord]) -> Trigger? {
        do {
            try scanner.scan(record, into: &fields)
        } catch {
            deadLetter(record, code: error.code, message: error.message, out: &out)
            return nil
        }
        let envelope: EventEnvelope
        do {
            envelope = try EventEnvelope(fields: fields, paths: scanner.envelope)
        } catch {
            deadLetter(record, code: error.code, message: error.message, out: &out)
            return nil
        }
        return Trigger(
            id: envelope.id, source: envelope.source, detailType: envelope.detailType,
            account: envelope.account ?? "", region: envelope.region ?? "", timeText: envelope.timeText,
            time: envelope.time, depth: depth, raw: record, document: document)
    }

    private func deadLetter(_ record: [UInt8], code: String, message: String, out: inout [OutputRecord]) {
        summary.deadLetteredByReason[code, default: 0] += 1
        out.append(OutputRecord(
            topic: .deadLetter, key: nil,
            headers: [("rulebridge-error", code), ("rulebridge-error-message", message)],
            value: record))
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
            let event = breakerEvent(breaker, key: timer.key, change: change, cause: nil, triggers: [], account: breaker.account, region: breaker.region)
            scheduleTimer(breaker, key: timer.key)
            count(ActionKind.circuitBreaker.rawValue)
            out.append(OutputRecord(
                topic: .actions, key: "\(timer.breaker)/\(timer.key)",
                headers: [("rulebridge-action", ActionKind.circuitBreaker.rawValue)],
                value: Array(event.jsonText.utf8)))
            emitDerived(event, depth: 1, out: &out)
            fired = true
        }
        state.advanceClock(to: time)
        return fired
    }

    private func scheduleTimer(_ breaker: CircuitBreaker, key: String) {
        if let due = breaker.deadline {
            state.timers.schedule(due: due, breaker: breaker.spec.name, key: key, generation: breaker.generation)
        }
    }

    // MARK: - Rules

    /// Runs every matching rule for `trigger`, then the events they made.
    /// Returns whether any rule matched.
    @discardableResult
    private func handle(_ trigger: Trigger, out: inout [OutputRecord]) -> Bool {
        matched.removeAll(keepingCapacity: true)
        matcher.match(fields, into: &matched, scratch: &scratch)
        guard !matched.isEmpty else { return false }
        let rules = matched
        var derived: [JSONValue] = []
        for r in rules { evaluate(r, trigger, out: &out, derived: &derived) }
        for event in derived { emitDerived(event, depth: trigger.depth + 1, out: &out) }
        return true
    }

    private func emitDerived(_ event: JSONValue, depth: Int, out: inout [OutputRecord]) {
        guard depth <= Self.maximumDepth else {
            summary.derivedDropped += 1
            return
        }
        // Engine-made events are well-formed by construction; decode only fails on a bug.
        guard let trigger = decode(Array(event.jsonText.utf8), depth: depth, document: event, out: &out) else { return }
        handle(trigger, out: &out)
    }

    private func evaluate(_ index: Int, _ trigger: Trigger, out: inout [OutputRecord], derived: inout [JSONValue]) {
        let rule = ruleSet.rules[index]
        summary.matchesByRule[rule.name, default: 0] += 1
        var bindings = Bindings(rule: rule, trigger: trigger, fields: fields, scanned: scannedPaths)
        for name in rule.require {
            let v = bindings.variable(rule.varNames.firstIndex(of: name)!, state: state)
            if v == nil || v == .null {
                summary.skippedByRule[rule.name, default: 0] += 1
                return
            }
        }
        var triggerIDs = [trigger.id]
        if let when = rule.when {
            guard let ids = windowHolds(when, index, trigger, &bindings) else { return }
            triggerIDs = ids
        }
        for (i, action) in rule.actions.enumerated() {
            perform(action, index: i, rule: rule, trigger: trigger, triggerIDs: triggerIDs, bindings: &bindings, out: &out, derived: &derived)
        }
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
            guard case .number(let text) = bindings.render(per, state: state), let d = Double(text), d != 0 else { return nil }
            x /= d
        }
        return when.comparison.holds(x) ? window.eventIDs : nil
    }

    // MARK: - Actions

    private func perform(
        _ action: ActionSpec, index: Int, rule: Rule, trigger: Trigger, triggerIDs: [String],
        bindings: inout Bindings, out: inout [OutputRecord], derived: inout [JSONValue]
    ) {
        func param(_ name: String) -> JSONValue {
            action[name].map { bindings.render($0, state: state) } ?? .null
        }
        let id = DeterministicID.make(["action", rule.name, trigger.id, String(index)])
        let headers = [("rulebridge-rule", rule.name), ("rulebridge-action", action.kind.rawValue), ("rulebridge-trigger", trigger.id)]
        switch action.kind {
        case .requeue, .fallback, .restore, .drain:
            var detail: [JSONValue.Member] = [
                .init(key: "rule", value: .string(rule.name)),
                .init(key: "action", value: .string(action.kind.rawValue)),
                .init(key: "trigger-event-ids", value: .array(triggerIDs.map(JSONValue.string))),
            ]
            for name in action.names { detail.append(.init(key: name, value: param(name))) }
            let keyParam = ["requeue": "job-id", "fallback": "group", "restore": "group", "drain": "instance-id"][action.kind.rawValue]!
            let event = envelope(id: id, detailType: action.kind.detailType!, trigger: trigger, resources: [], detail: detail)
            count(action.kind.rawValue)
            out.append(OutputRecord(topic: .actions, key: param(keyParam).templateText, headers: headers, value: Array(event.jsonText.utf8)))
        case .circuitBreaker:
            guard case .string(let name) = param("breaker"), let spec = ruleSet.breakers[name] else { return }
            let key = param("key").templateText
            var breaker = state.breakers[name]?[key] ?? CircuitBreaker(spec: spec)
            breaker.account = trigger.account
            breaker.region = trigger.region
            let change = param("operation") == .string("trip") ? breaker.trip(at: state.clock) : breaker.reset(at: state.clock)
            state.setBreaker(name, key: key, breaker)
            guard let change else { return }
            scheduleTimer(breaker, key: key)
            let event = breakerEvent(breaker, key: key, change: change, cause: rule.name, triggers: triggerIDs, account: trigger.account, region: trigger.region)
            count(action.kind.rawValue)
            out.append(OutputRecord(topic: .actions, key: "\(name)/\(key)", headers: headers, value: Array(event.jsonText.utf8)))
            derived.append(event)
        case .notify:
            let subject = param("subject").templateText
            let cooldownKey = rule.name + "/" + (action["cooldown-key"].map { bindings.render($0, state: state).templateText } ?? subject)
            if let cooldown = action.cooldown, let last = state.lastNotified[cooldownKey], state.clock - last < cooldown {
                summary.notificationsSuppressed += 1
                return
            }
            if action.cooldown != nil { state.notified(cooldownKey, at: state.clock) }
            let arn = action["topic-arn"].map { bindings.render($0, state: state).templateText }
                ?? "arn:aws:sns:\(trigger.region):\(trigger.account):rulebridge-notifications"
            let severity = param("severity").templateText
            func attribute(_ v: String) -> JSONValue {
                .object([.init(key: "Type", value: .string("String")), .init(key: "Value", value: .string(v))])
            }
            let message: JSONValue = .object([
                .init(key: "Type", value: .string("Notification")),
                .init(key: "MessageId", value: .string(id)),
                .init(key: "TopicArn", value: .string(arn)),
                .init(key: "Subject", value: .string(String(subject.prefix(100)))),
                .init(key: "Message", value: .string(param("message").templateText)),
                .init(key: "Timestamp", value: .string(snsTimestamp(trigger.time))),
                .init(key: "MessageAttributes", value: .object([
                    .init(key: "rule", value: attribute(rule.name)),
                    .init(key: "severity", value: attribute(severity)),
                    .init(key: "trigger-event-id", value: attribute(trigger.id)),
                ])),
            ])
            count(action.kind.rawValue)
            out.append(OutputRecord(topic: .notifications, key: cooldownKey, headers: headers, value: Array(message.jsonText.utf8)))
        case .emit:
            var resources: [JSONValue] = []
            if case .array(let r) = param("resources") { resources = r }
            let detail: JSONValue = action["detail"] == nil ? .object([]) : param("detail")
            let event = JSONValue.object([
                .init(key: "version", value: .string("0")),
                .init(key: "id", value: .string(id)),
                .init(key: "detail-type", value: .string(param("detail-type").templateText)),
                .init(key: "source", value: .string("rulebridge")),
                .init(key: "account", value: .string(trigger.account)),
                .init(key: "time", value: .string(trigger.timeText)),
                .init(key: "region", value: .string(trigger.region)),
                .init(key: "resources", value: .array(resources)),
                .init(key: "detail", value: detail),
            ])
            count(action.kind.rawValue)
            out.append(OutputRecord(topic: .actions, key: nil, headers: headers, value: Array(event.jsonText.utf8)))
            derived.append(event)
        case .remember, .forget, .add:
            guard case .string(let table) = param("table") else { return }
            let key = param("key")
            guard key != .null else { return }
            switch action.kind {
            case .remember:
                guard case .object(let m) = param("value") else { return }
                let fields = m.filter { $0.value != .null }
                state.remember(table: table, key: key.templateText, fields: fields, now: trigger.time)
            case .forget:
                state.forget(table: table, key: key.templateText)
            default:
                // Arguments first: they read `state`, which the call then modifies.
                let amount = Double(param("amount").templateText) ?? 0
                let field = param("field").templateText
                state.add(table: table, key: key.templateText, field: field, amount: amount, now: trigger.time, eventID: trigger.id)
            }
        }
    }

    /// SNS always writes milliseconds: `2026-03-01T10:00:00.000Z`.
    private func snsTimestamp(_ ms: Int64) -> String {
        let text = RFC3339.format(milliseconds: ms)
        return text.contains(".") ? text : String(text.dropLast()) + ".000Z"
    }

    private func count(_ kind: String) {
        summary.actionsByType[kind, default: 0] += 1
    }

    private func envelope(id: String, detailType: String, trigger: Trigger, resources: [JSONValue], detail: [JSONValue.Member]) -> JSONValue {
        .object([
            .init(key: "version", value: .string("0")),
            .init(key: "id", value: .string(id)),
            .init(key: "detail-type", value: .string(detailType)),
            .init(key: "source", value: .string("rulebridge")),
            .init(key: "account", value: .string(trigger.account)),
            .init(key: "time", value: .string(trigger.timeText)),
            .init(key: "region", value: .string(trigger.region)),
            .init(key: "resources", value: .array(resources)),
            .init(key: "detail", value: .object(detail)),
        ])
    }

    private func breakerEvent(
        _ breaker: CircuitBreaker, key: String, change: CircuitBreaker.Transition, cause: String?,
        triggers: [String], account: String, region: String
    ) -> JSONValue {
        let name = breaker.spec.name
        var detail: [JSONValue.Member] = [
            .init(key: "breaker", value: .string(name)),
            .init(key: "key", value: .string(key)),
            .init(key: "state", value: .string(change.to.rawValue)),
            .init(key: "previous-state", value: .string(change.from.rawValue)),
            .init(key: "rule", value: cause.map(JSONValue.string) ?? .null),
            .init(key: "trigger-event-ids", value: .array(triggers.map(JSONValue.string))),
        ]
        if let due = breaker.deadline { detail.append(.init(key: "until", value: .string(RFC3339.format(milliseconds: due)))) }
        let time = RFC3339.format(milliseconds: change.at)
        return .object([
            .init(key: "version", value: .string("0")),
            .init(key: "id", value: .string(DeterministicID.make(["breaker", name, key, change.to.rawValue, String(change.at)]))),
            .init(key: "detail-type", value: .string("Rulebridge Circuit Breaker State Change")),
            .init(key: "source", value: .string("rulebridge")),
            .init(key: "account", value: .string(account)),
            .init(key: "time", value: .string(time)),
            .init(key: "region", value: .string(region)),
            .init(key: "resources", value: .array([])),
            .init(key: "detail", value: .object(detail)),
        ])
    }
}
