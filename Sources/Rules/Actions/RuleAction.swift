/// A type of action a rule can take (rules/README.md, "Actions"). Each type
/// lives in its own file in this folder, with its keys, its checks and its
/// effect, and is listed once in `ActionSpec.types`.
protocol RuleAction: Sendable {
    /// The `type:` that names it in rule files; also the `rulebridge-action`
    /// header of what it emits and its name in the summary's action counts.
    static var name: String { get }
    /// Its keys besides `type`, in the order messages list them.
    static var keys: [ActionKey] { get }
    /// Checks what the keys alone do not, e.g. that a literal names a
    /// breaker the rules define. Nothing by default.
    static func check(_ action: ActionSpec, _ context: ActionCheck) throws(RuleError)
    /// What the action does when its rule matches.
    static func perform(_ action: ActionSpec, _ run: inout ActionRun)
}

extension RuleAction {
    static func check(_ action: ActionSpec, _ context: ActionCheck) throws(RuleError) {}
}
