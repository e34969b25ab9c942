/// Every metric `run` exports: its name, type, labels and help text, in one
/// place. Names and label sets are a contract: dashboards and alerts use them.
package enum RunMetric: String, CaseIterable, Sendable {
    case recordsIn = "rulebridge_records_in_total"
    case recordsOut = "rulebridge_records_out_total"
    case ruleMatches = "rulebridge_rule_matches_total"
    case actions = "rulebridge_actions_total"
    case deadLetters = "rulebridge_dead_letters_total"
    case consumerLag = "rulebridge_consumer_lag"
    case processingSeconds = "rulebridge_processing_seconds"
    case breakerState = "rulebridge_breaker_state"
    case ruleReloads = "rulebridge_rule_reloads_total"
    case commits = "rulebridge_commits_total"
    case commitFailures = "rulebridge_commit_failures_total"
    case assignedPartitions = "rulebridge_assigned_partitions"
    case stateRestores = "rulebridge_state_restores_total"

    package var name: String { rawValue }

    package enum Kind: String, Sendable { case counter, gauge, histogram }

    package var kind: Kind {
        switch self {
        case .consumerLag, .breakerState, .assignedPartitions: .gauge
        case .processingSeconds: .histogram
        default: .counter
        }
    }

    /// The label names each series carries (Prometheus wants one set per name).
    package var labels: [String] {
        switch self {
        case .recordsIn, .recordsOut: ["topic"]
        case .ruleMatches: ["rule"]
        case .actions: ["type"]
        case .deadLetters: ["reason"]
        case .consumerLag: ["partition", "topic"]
        case .breakerState: ["breaker", "key", "state"]
        case .ruleReloads: ["result"]
        case .processingSeconds, .commits, .commitFailures, .assignedPartitions, .stateRestores: []
        }
    }

    package var help: String {
        switch self {
        case .recordsIn: "Records consumed, by input topic."
        case .recordsOut: "Records produced, by output topic."
        case .ruleMatches: "Events a rule matched, by rule."
        case .actions: "Actions taken, by type."
        case .deadLetters: "Records dead-lettered, by reason."
        case .consumerLag: "Records behind the high watermark, by input partition."
        case .processingSeconds: "Time to process one record."
        case .breakerState: "1 for each breaker key's current state."
        case .ruleReloads: "Rule reloads, by result."
        case .commits: "Batches committed."
        case .commitFailures: "Batches aborted and replayed."
        case .assignedPartitions: "Input partitions this engine owns."
        case .stateRestores: "Partitions restored from the changelog."
        }
    }

    /// Histogram bucket bounds: one record takes tens of microseconds to milliseconds.
    package var buckets: [Double] {
        self == .processingSeconds ? [0.00005, 0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1] : []
    }
}
