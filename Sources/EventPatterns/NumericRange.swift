/// The bounds of a `numeric` filter; either side may be open (unbounded).
///
/// Bounds are comparable numbers (see `ComparableNumber`), and the parser
/// guarantees lower < upper when both are present. A value that is not a
/// comparable number is never inside a range.
package struct NumericRange: Hashable, Sendable {
    package struct Bound: Hashable, Sendable {
        package var value: ComparableNumber
        package var inclusive: Bool
        package init(_ value: ComparableNumber, inclusive: Bool) {
            self.value = value
            self.inclusive = inclusive
        }
    }

    package var lower: Bound?
    package var upper: Bound?

    package init(lower: Bound?, upper: Bound?) {
        self.lower = lower
        self.upper = upper
    }

    package func contains(_ n: ComparableNumber) -> Bool {
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
