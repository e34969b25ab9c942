import Events
import JSON

/// What an action's effect works with: the rule and the event that matched,
/// the engine's state, and where the records and events it makes go.
struct ActionRun {
    /// The rule's vars for the trigger (which hold the rule and the trigger).
    var bindings: Bindings
    /// The events the action answers: the trigger, or every event in the
    /// rule's window when the rule has a `when`.
    let triggerIDs: [String]
    let breakers: [String: BreakerSpec]
    let state: EngineState
    /// The engine's output so far, the events made for the rules to see
    /// next, and its counts; the engine hands them over and takes them back.
    var records: [OutputRecord]
    var events: [JSONValue]
    var summary: EngineSummary

    var rule: Rule { bindings.rule }
    var trigger: Trigger { bindings.trigger }

    /// The parameter `name` of `action`, rendered; `null` when it has none.
    mutating func parameter(_ name: String, of action: ActionSpec) -> JSONValue {
        action[name].map { bindings.render($0, state: state) } ?? .null
    }

    /// Depends only on the rule, the trigger and the action's position, so a
    /// replay or a restarted engine gives the same id.
    func id(of action: ActionSpec) -> String {
        DeterministicID.make(["action", rule.name, trigger.id, String(action.position)])
    }

    /// An event from `rulebridge` at the trigger's time, account and region.
    func event(of action: ActionSpec, detailType: String, detail: JSONValue, resources: JSONValue? = nil) -> JSONValue {
        EventEnvelope(
            id: id(of: action), source: "rulebridge", detailType: detailType, time: trigger.time,
            timeText: trigger.timeText, account: trigger.account, region: trigger.region
        ).json(detail: detail, resources: resources)
    }

    /// Writes a record for `action` (headers naming the rule, the action and
    /// the trigger) and counts it.
    mutating func emit(_ value: JSONValue, to topic: OutputRecord.Destination, key: String?, for action: ActionSpec) {
        summary.actionsByType[action.type.name, default: 0] += 1
        records.append(OutputRecord(
            topic: topic, key: key,
            headers: [("rulebridge-rule", rule.name), ("rulebridge-action", action.type.name), ("rulebridge-trigger", trigger.id)],
            value: value.jsonBytes))
    }
}
