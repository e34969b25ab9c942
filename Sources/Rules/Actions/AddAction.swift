/// `add`: adds `amount` (default 1) to a numeric field of a table's record,
/// once per event id, so a redelivered event does not count twice.
enum AddAction: TableAction {
    static let name = "add"
    static let keys: [ActionKey] = [.required("table"), .required("key"), .required("field"), .defaulted("amount", to: .number("1"))]

    static func perform(_ action: ActionSpec, _ run: inout ActionRun) {
        guard let (table, key) = record(action, &run) else { return }
        let amount = Double(run.parameter("amount", of: action).templateText) ?? 0
        let field = run.parameter("field", of: action).templateText
        run.state.add(table: table, key: key, field: field, amount: amount, now: run.trigger.time, eventID: run.trigger.id)
    }
}
