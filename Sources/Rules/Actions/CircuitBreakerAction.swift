/// `circuit-breaker`: trips or resets a breaker for a key. A change is an
/// event on the actions topic that rules can match too; timers move the
/// breaker on later (`RuleEngine`).
enum CircuitBreakerAction: RuleAction {
    static let name = "circuit-breaker"
    static let keys: [ActionKey] = [.required("breaker"), .required("key"), .required("operation")]

    static func check(_ action: ActionSpec, _ context: ActionCheck) throws(RuleError) {
        guard let breaker = action.literalString("breaker"), context.breakers[breaker] != nil else {
            throw context.error(
                at: "breaker",
                "unknown breaker '\(action.literalString("breaker") ?? "")' (defined: \(context.breakers.keys.sorted().joined(separator: ", ")))")
        }
        guard let operation = action.literalString("operation"), operation == "trip" || operation == "reset" else {
            throw context.error(at: "operation", "operation must be 'trip' or 'reset'")
        }
    }

    static func perform(_ action: ActionSpec, _ run: inout ActionRun) {
        guard let name = run.parameter("breaker", of: action).stringValue, let spec = run.breakers[name] else { return }
        let key = run.parameter("key", of: action).templateText
        let state = run.state
        var breaker = state.breakers[name]?[key] ?? CircuitBreaker(spec: spec)
        breaker.account = run.trigger.account
        breaker.region = run.trigger.region
        let change = run.parameter("operation", of: action) == .string("trip") ? breaker.trip(at: state.clock) : breaker.reset(at: state.clock)
        state.setBreaker(name, key: key, breaker)
        guard let change else { return }
        state.scheduleTimer(breaker, key: key)
        let event = breaker.changeEvent(
            key: key, change: change, cause: run.rule.name, triggers: run.triggerIDs, account: run.trigger.account,
            region: run.trigger.region)
        run.emit(event, to: .actions, key: "\(name)/\(key)", for: action)
        run.events.append(event)
    }
}
