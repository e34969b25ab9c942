/// A threshold over a sliding event-time window, one window per group key.
public struct WindowCondition: Hashable, Sendable {
    public enum Aggregate: Hashable, Sendable {
        case count
        case distinct(ValueReference)
        case sum(ValueReference)
    }

    public enum Comparison: Hashable, Sendable {
        case above(Double), atLeast(Double), below(Double), atMost(Double)

        public func holds(_ x: Double) -> Bool {
            switch self {
            case .above(let t): x > t
            case .atLeast(let t): x >= t
            case .below(let t): x < t
            case .atMost(let t): x <= t
            }
        }
    }

    public var window: Int64
    public var groupBy: Template?
    public var aggregate: Aggregate
    /// Divides the aggregate, e.g. by a group's learned capacity.
    public var per: Template?
    public var comparison: Comparison
    /// How far behind the clock an event may be and still count.
    public var lateness: Int64
}
