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
