/// The bounds of a `numeric` filter; either side may be open (unbounded).
///
/// Bounds are comparable numbers (see `ComparableNumber`), and the parser
/// guarantees lower < upper when both are present. A value that is not a
/// comparable number is never inside a range.
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
        guard n.isComparable else { return false }
        let v = n.value
        if let l = lower {
            if l.inclusive ? v < l.value.value : v <= l.value.value { return false }
        }
        if let u = upper {
            if u.inclusive ? v > u.value.value : v >= u.value.value { return false }
        }
        return true
    }
}
