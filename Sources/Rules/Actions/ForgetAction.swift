/// `forget`: drops a table's record (e.g. a job that finished).
enum ForgetAction: TableAction {
    static let name = "forget"
    static let keys: [ActionKey] = [.required("table"), .required("key")]

    static func perform(_ action: ActionSpec, _ run: inout ActionRun) {
        guard let (table, key) = record(action, &run) else { return }
        run.state.forget(table: table, key: key)
    }
}
