/// The filters the compiled matcher does not index by value — `anything-but`
/// (every form) and `numeric` — deduplicated across all patterns and
/// states, so that identical filters are one entry, checked at most once per
/// field and event (the result is memoized in the scratch), however many
/// patterns use them.
///
/// The check is `ContentFilter.matches`, the definition the reference
/// evaluator uses, except that numbers already parsed for the event are
/// reused for `numeric` and `anything-but` numbers (same rules as
/// `NumericRange.contains` and `AnythingBut.excludes`).
struct SharedFilterTable {
    private(set) var filters: [ContentFilter] = []
    private var ids: [ContentFilter: Int32] = [:]

    mutating func id(_ f: ContentFilter) -> Int32 {
        if let id = ids[f] { return id }
        let id = Int32(filters.count)
        filters.append(f)
        ids[f] = id
        return id
    }
}

/// One shared filter of a group and the states it leads to.
struct SharedFilterEntry: Sendable {
    var filter: Int32
    var targetStart: Int32
    var targetCount: Int32
}

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
