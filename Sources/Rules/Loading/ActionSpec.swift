/// The kinds of action a rule can take (see rules/README.md).
public enum ActionKind: String, CaseIterable, Hashable, Sendable {
    case requeue, circuitBreaker = "circuit-breaker", fallback, restore, drain, notify, emit
    case remember, forget, add

    /// Keys each kind accepts, besides `type`.
    var keys: [String] {
        switch self {
        case .requeue: ["job-id", "queue", "checkpoint", "priority", "resume", "instance-id"]
        case .circuitBreaker: ["breaker", "key", "operation"]
        case .fallback, .restore: ["group", "capacity-provider", "on-demand-percentage", "on-demand-base-capacity"]
        case .drain: ["instance-id", "deadline", "reason"]
        case .notify: ["subject", "message", "severity", "topic-arn", "cooldown", "cooldown-key"]
        case .emit: ["detail-type", "detail", "resources"]
        case .remember: ["table", "key", "value"]
        case .forget: ["table", "key"]
        case .add: ["table", "key", "field", "amount"]
        }
    }

    var requiredKeys: [String] {
        switch self {
        case .requeue: ["job-id"]
        case .circuitBreaker: ["breaker", "key", "operation"]
        case .fallback, .restore: ["group"]
        case .drain: ["instance-id"]
        case .notify: ["subject", "message"]
        case .emit: ["detail-type"]
        case .remember: ["table", "key", "value"]
        case .forget: ["table", "key"]
        case .add: ["table", "key", "field"]
        }
    }

    /// Defaults a user would otherwise repeat in every rule.
    var defaults: [String: Template] {
        switch self {
        case .requeue: ["priority": .literal(.string("high")), "resume": .literal(.bool(true))]
        case .fallback: ["on-demand-percentage": .literal(.number("100")), "on-demand-base-capacity": .literal(.number("0"))]
        case .restore: ["on-demand-percentage": .literal(.number("0")), "on-demand-base-capacity": .literal(.number("0"))]
        case .notify: ["severity": .literal(.string("info"))]
        case .add: ["amount": .literal(.number("1"))]
        default: [:]
        }
    }

    /// The `detail-type` of the action event it produces, if any.
    public var detailType: String? {
        switch self {
        case .requeue: "Rulebridge Requeue"
        case .circuitBreaker: "Rulebridge Circuit Breaker State Change"
        case .fallback: "Rulebridge On-Demand Fallback"
        case .restore: "Rulebridge Capacity Restore"
        case .drain: "Rulebridge Drain"
        case .notify, .emit, .remember, .forget, .add: nil
        }
    }
}

/// One action of a rule: its kind and its parameters as templates.
public struct ActionSpec: Hashable, Sendable {
    public var kind: ActionKind
    /// Parameter names in a fixed (sorted) order, so output is deterministic.
    public var names: [String]
    public var values: [Template]
    /// For `notify`: how long identical notifications are held back.
    public var cooldown: Int64?
    public var location: SourceLocation

    public subscript(_ name: String) -> Template? {
        names.firstIndex(of: name).map { values[$0] }
    }
}
