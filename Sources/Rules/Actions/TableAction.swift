/// An action on a learned table (`remember`, `forget`, `add`): it changes
/// state and emits nothing. Its `table` must be a table the rules define.
protocol TableAction: RuleAction {}

extension TableAction {
    static func check(_ action: ActionSpec, _ context: ActionCheck) throws(RuleError) {
        try checkTable(action, context)
    }

    static func checkTable(_ action: ActionSpec, _ context: ActionCheck) throws(RuleError) {
        guard let table = action.literalString("table"), context.tables[table] != nil else {
            throw context.error(
                at: "table",
                "unknown table '\(action.literalString("table") ?? "")' (defined: \(context.tables.keys.sorted().joined(separator: ", ")))")
        }
    }

    /// The table and the record key the action names; nil when the key
    /// renders as `null` (no record to touch).
    static func record(_ action: ActionSpec, _ run: inout ActionRun) -> (table: String, key: String)? {
        guard let table = run.parameter("table", of: action).stringValue else { return nil }
        let key = run.parameter("key", of: action)
        guard !key.isNull else { return nil }
        return (table, key.templateText)
    }
}
