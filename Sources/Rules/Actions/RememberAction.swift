import JSON

/// `remember`: merges fields into a table's record (later writes replace
/// fields by name and keep the rest); `null` fields are left out.
enum RememberAction: TableAction {
    static let name = "remember"
    static let keys: [ActionKey] = [.required("table"), .required("key"), .required("value")]

    static func check(_ action: ActionSpec, _ context: ActionCheck) throws(RuleError) {
        try checkTable(action, context)
        guard case .object? = action["value"] else {
            throw context.error(at: "value", "'value' must be a mapping of fields")
        }
    }

    static func perform(_ action: ActionSpec, _ run: inout ActionRun) {
        guard let (table, key) = record(action, &run), let template = action["value"],
              let members = run.bindings.renderMembers(template, state: run.state)
        else { return }
        run.state.remember(table: table, key: key, fields: members.filter { !$0.value.isNull }, now: run.trigger.time)
    }
}
