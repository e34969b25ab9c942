import JSON

/// An action whose effect is one event on the actions topic asking another
/// system to act: re-queue a job, change a group's capacity mix, drain an
/// instance. Its `detail` holds `rule`, `action`, `trigger-event-ids`, then
/// every parameter in name order; one parameter keys the record.
protocol CommandAction: RuleAction {
    /// The `detail-type` of the event.
    static var detailType: String { get }
    /// The parameter whose text keys the record (the job, group or instance
    /// the command is about), so commands about one thing stay in order.
    static var recordKey: String { get }
}

extension CommandAction {
    static func perform(_ action: ActionSpec, _ run: inout ActionRun) {
        var detail: [JSONValue.Member] = [
            .init(key: "rule", value: .string(run.rule.name)),
            .init(key: "action", value: .string(name)),
            .init(key: "trigger-event-ids", value: .array(run.triggerIDs.map(JSONValue.string))),
        ]
        for name in action.names { detail.append(.init(key: name, value: run.parameter(name, of: action))) }
        let event = run.event(of: action, detailType: detailType, detail: .object(detail))
        run.emit(event, to: .actions, key: run.parameter(recordKey, of: action).templateText, for: action)
    }
}
