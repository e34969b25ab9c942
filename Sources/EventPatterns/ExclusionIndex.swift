/// The `anything-but` index of one (state, path) group: complement counting.
///
/// Design: an `anything-but` filter holds unless one of its *exclusion tests*
/// holds — an excluded string, number, prefix, suffix, ignore-case string or
/// wildcard. The group's distinct `anything-but` filters are numbered
/// 0..<m, and all their exclusion tests are compiled as one *pseudo-group*
/// (an ordinary `GroupRecord`, with every value index the matcher has: exact
/// and folded hashes, anchored probes, fragment automata, the scalar table),
/// whose keys lead not to states but to lists of filter numbers. A value
/// looks its tests up once, which yields the filters that exclude it; every
/// other filter holds, and its states are collected.
///
/// A key's list is stored either as the filters that have the test (a
/// posting list) or, when more than half of the group's filters have it, as
/// the filters that do not (a complement list). When all patterns exclude
/// the same common values (`anything-but: ["OK", "INSUFFICIENT_DATA", …]`), a
/// value among them hits one short complement list and costs what it
/// matches; a value none excludes costs the m filters it matches. Per field:
/// the lookups (independent of m) plus the lists hit plus the filters that
/// hold. Memory: each key stores at most half the group's filters.
///
/// Only groups with more than `MatcherBuilder.smallGroupFilters` distinct
/// `anything-but` filters get an index; smaller ones keep the memoized
/// one-by-one check of `SharedFilterTable`.
struct ExclusionRecord: Sendable {
    /// The pseudo-group of the exclusion tests (an index into `groups`).
    var group: Int32
    /// The filters' states, `filterCount` runs in `CompiledTables.exclusionTargets`.
    var filterStart: Int32
    var filterCount: Int32
}

/// A run of next states (`count == -1`: `start` is the one state).
struct TargetRun: Sendable {
    var start: Int32
    var count: Int32
}

/// How a pseudo-group's key stores its filter numbers in `targets`: one
/// header word, then the numbers. A header `h >= 0` is a posting list of `h`
/// filters that exclude the value; `h < 0` a complement list of `-h - 1`
/// filters that do not (all others do).
enum ExclusionList {
    static func posting(_ filters: [Int32]) -> [Int32] { [Int32(filters.count)] + filters }
    static func complement(_ filters: [Int32]) -> [Int32] { [-Int32(filters.count) - 1] + filters }

    /// The stored form of the filters `excluding` among `filterCount`: the
    /// shorter of the posting and the complement list.
    static func encode(excluding: Set<Int32>, filterCount: Int) -> [Int32] {
        if excluding.count * 2 <= filterCount { return posting(excluding.sorted()) }
        return complement((0..<Int32(filterCount)).filter { !excluding.contains($0) })
    }
}
