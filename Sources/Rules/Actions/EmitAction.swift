import JSON

/// `emit`: any event the rule describes, on the actions topic; it then goes
/// through the rules like an input event.
enum EmitAction: RuleAction {
    static let name = "emit"
    static let keys: [ActionKey] = [.required("detail-type"), .optional("detail"), .optional("resources")]

    static func perform(_ action: ActionSpec, _ run: inout ActionRun) {
        let resources = run.parameter("resources", of: action)
        let event = run.event(
            of: action, detailType: run.parameter("detail-type", of: action).templateText,
            detail: action["detail"] == nil ? .object([]) : run.parameter("detail", of: action),
            resources: resources.arrayValue == nil ? .array([]) : resources)
        run.emit(event, to: .actions, key: nil, for: action)
        run.events.append(event)
    }
}
