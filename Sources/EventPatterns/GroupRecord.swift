/// The transitions of one state on one path: its value index. Exact strings,
/// folded strings, prefixes, suffixes, anchored wildcards and non-comparable
/// number texts are in the shared byte table under owner (group id, tag);
/// comparable numbers, booleans and null in the shared scalar table under the
/// group id; the rest is listed here.
struct GroupRecord: Sendable {
    var path: Int32 = 0
    var flags: UInt32 = 0
    var affixStart: Int32 = 0
    var affixCount: Int32 = 0
    /// Wildcards without an anchor (`*x*`), as outcomes to check one by one.
    var floatingStart: Int32 = 0
    var floatingCount: Int32 = 0
    /// Shared (non-indexed) filters.
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
