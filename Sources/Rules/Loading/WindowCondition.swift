/// A threshold over a sliding event-time window, one window per group key.
package struct WindowCondition: Hashable, Sendable {
    package enum Aggregate: Hashable, Sendable {
        case count
        case distinct(ValueReference)
        case sum(ValueReference)
    }

    package enum Comparison: Hashable, Sendable {
        case above(Double), atLeast(Double), below(Double), atMost(Double)

        package func holds(_ x: Double) -> Bool {
            switch self {
            case .above(let t): x > t
            case .atLeast(let t): x >= t
            case .below(let t): x < t
            case .atMost(let t): x <= t
            }
        }
    }

    package var window: Int64
    package var groupBy: Template?
    package var aggregate: Aggregate
    /// Divides the aggregate, e.g. by a group's learned capacity.
    package var per: Template?
    package var comparison: Comparison
    /// How far behind the clock an event may be and still count.
    package var lateness: Int64
}
