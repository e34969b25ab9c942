/// The transitions of one state on one path: its value index. Exact strings,
/// folded strings, prefixes, suffixes, anchored wildcards, `cidr` blocks and
/// non-comparable number texts are in the shared byte table under owner
/// (group id, tag); comparable numbers, booleans and null in the shared
/// scalar table under the group id; the rest is listed here or has an index
/// of its own (`NumericRangeIndex`, `ExclusionIndex`, `FragmentAutomaton`).
///
/// An exclusion index's pseudo-group is a `GroupRecord` too, whose keys lead
/// to lists of filter numbers (`ExclusionList`) instead of states.
struct GroupRecord: Sendable {
    var path: Int32 = 0
    var flags: UInt32 = 0
    var affixStart: Int32 = 0
    var affixCount: Int32 = 0
    /// Wildcards filed under an inner piece (`*x*`), as outcomes: checked one
    /// by one, or found through `fragmentAutomaton` when it is not -1.
    var floatingStart: Int32 = 0
    var floatingCount: Int32 = 0
    var fragmentAutomaton: Int32 = -1
    /// The `NumericRangeIndex` of the group's ranges, or -1.
    var rangeIndex: Int32 = -1
    /// The `ExclusionRecord` of the group's `anything-but` filters, or -1.
    var exclusionIndex: Int32 = -1
    /// Shared filters checked one by one (few `numeric` or `anything-but` in the group).
    var sharedStart: Int32 = 0
    var sharedCount: Int32 = 0
    /// `exists: true`: any scalar leads to these states.
    var anyStart: Int32 = 0
    var anyCount: Int32 = 0
    /// The distinct (family, prefix length) shapes of the group's `cidr`
    /// blocks, in `lengths` (see `CIDRIndex.shape`).
    var cidrStart: Int32 = 0
    var cidrCount: Int32 = 0

    static let exact: UInt32 = 1
    static let foldedExact: UInt32 = 2
    static let comparable: UInt32 = 4
    static let `true`: UInt32 = 8
    static let `false`: UInt32 = 16
    static let null: UInt32 = 32
    static let numberText: UInt32 = 64
    static let numbers: UInt32 = comparable | numberText
}
