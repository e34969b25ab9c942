import ArgumentParser

/// The pattern sets of `bench match --family`: many patterns of one operator
/// family, on one field or spread over the family's fields, with values
/// taken from the events themselves (see `FamilyPatternGenerator`).
enum PatternFamily: String, CaseIterable, ExpressibleByArgument {
    case exact, prefix, suffix
    case equalsIgnoreCase = "equals-ignore-case"
    /// Every wildcard shape in turn: `h*`, `*t`, `h*t`, `*m*`, `h*m*t`, `*m*n*`.
    case wildcard
    /// `*m*` only.
    case infix
    /// String lists that name the field's common values, so that few events match.
    case anythingBut = "anything-but"
    /// Narrow distinct ranges, about three over each value.
    case numeric
    case cidr
    case exists
    /// `$or` of an exact value and a prefix.
    case or
    /// The generated corpus's mix of every operator (`BenchCorpusGenerator.patterns`).
    case mix

    /// The paths the family's patterns name, most useful first; the bench
    /// keeps those the events have, most frequent first.
    var candidatePaths: [[String]] {
        switch self {
        case .exact, .prefix, .suffix, .equalsIgnoreCase, .wildcard, .infix, .exists, .or:
            return [
                ["id"], ["detail", "instance-id"], ["detail", "ActivityId"], ["detail", "EC2InstanceId"],
                ["detail", "job-id"], ["detail", "clusterArn"], ["detail", "AutoScalingGroupName"], ["detail", "group"],
                ["detail", "alarmName"], ["account"], ["resources"], ["time"],
            ]
        case .anythingBut:
            return [
                ["detail-type"], ["source"], ["region"], ["detail", "StatusCode"], ["detail", "lastStatus"],
                ["detail", "stopCode"], ["detail", "state", "value"], ["detail", "queue"], ["detail", "InstanceType"],
                ["detail", "instance-action"], ["detail", "desiredStatus"], ["detail", "capacityProviderName"],
            ]
        case .numeric:
            return [
                ["detail", "Capacity"], ["detail", "containers", "exitCode"], ["detail", "attempt"],
                ["detail", "configuration", "metrics", "metricStat", "period"],
            ]
        case .cidr:
            return [["detail", "sourceIPAddress"]]
        case .mix:
            return []
        }
    }

    /// Whether the family reads numbers rather than strings.
    var readsNumbers: Bool { self == .numeric }
}
