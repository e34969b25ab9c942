/// How the walk evaluates a shared filter on a number it has parsed already.
enum ParsedNumber {
    /// Not a valid number literal (never happens with a validating reader).
    case invalid
    /// A comparable number with this value.
    case comparable(Double)
    /// A literal that is not comparable; equal only to the same text.
    case text
}

extension ContentFilter {
    /// `matches(.number, literal)` for a number whose parse is known;
    /// nil when the filter needs the literal itself.
    @inline(__always)
    func matchesNumber(_ n: ParsedNumber) -> Bool? {
        switch self {
        case .numeric(let range):
            guard case .comparable(let v) = n else { return false }
            if let l = range.lower {
                if l.inclusive ? v < l.value.value : v <= l.value.value { return false }
            }
            if let u = range.upper {
                if u.inclusive ? v > u.value.value : v >= u.value.value { return false }
            }
            return true
        case .anythingBut(.numbers(let list)):
            guard case .comparable(let v) = n else { return true }
            for x in list where x.isComparable && x.value == v { return false }
            return true
        default:
            return nil
        }
    }
}
