/// What an action type's checks can see while the rules load: the tables and
/// breakers the rules define, and where each key of the action was written.
struct ActionCheck {
    let tables: [String: TableSpec]
    let breakers: [String: BreakerSpec]
    let mapping: RuleMapping

    /// An error at the value of `key`, or at the action when the key was left out.
    func error(at key: String, _ message: String) -> RuleError {
        (mapping[key] ?? mapping.owner).error(message)
    }
}
