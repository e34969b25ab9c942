/// The bounds of a `numeric` filter; either side may be open.
public struct NumericRange: Hashable, Sendable {
    public struct Bound: Hashable, Sendable {
        public var value: ComparableNumber
        public var inclusive: Bool
        public init(_ value: ComparableNumber, inclusive: Bool) {
            self.value = value
            self.inclusive = inclusive
        }
    }

    public var lower: Bound?
    public var upper: Bound?

    public init(lower: Bound?, upper: Bound?) {
        self.lower = lower
        self.upper = upper
    }

    public func contains(_ n: ComparableNumber) -> Bool {
        if let l = lower, l.inclusive ? n < l.value : !(l.value < n) { return false }
        if let u = upper, u.inclusive ? u.value < n : !(n < u.value) { return false }
        return true
    }
}
