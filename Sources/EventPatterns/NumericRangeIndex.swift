/// The `numeric` range index of one (state, path) group: a segment tree over
/// the group's distinct range bounds.
///
/// Design: the sorted distinct bounds b₀ < … < bₖ₋₁ cut the number line into
/// 2k+1 *slots*: (−∞, b₀), [b₀], (b₀, b₁), [b₁], …, [bₖ₋₁], (bₖ₋₁, +∞). Every
/// range is a contiguous run of slots (inclusive and exclusive ends differ by
/// one slot), and the run is stored in the O(log k) nodes of a complete binary
/// tree over the slots that cover it exactly (the canonical segment-tree
/// decomposition). A value is located by binary search (its slot), and the
/// ranges holding it are the node lists on the path from that leaf to the
/// root. Per field: O(log k) steps plus the states reached, however many
/// ranges share the path; memory: O(ranges · log ranges) target entries.
///
/// An interval list checked one by one would cost O(ranges) per field; a table
/// of the covering set per slot would cost O(ranges²) memory for nested
/// ranges (thresholds such as `> t` for 10,000 values of t).
///
/// Only groups with more than `MatcherBuilder.smallGroupFilters` distinct
/// ranges get an index; smaller ones keep the memoized one-by-one check of
/// `SharedFilterTable`, which costs less for a couple of ranges.
struct RangeIndexRecord: Sendable {
    /// The sorted distinct bounds, in `CompiledTables.rangeBounds`.
    var boundStart: Int32
    var boundCount: Int32
    /// The tree's `2 * leaves` nodes, in `CompiledTables.rangeNodes` (node 0 unused).
    var nodeStart: Int32
    /// Leaves of the tree: a power of two, at least `2 * boundCount + 1`.
    var leaves: Int32
}

/// The states a tree node's ranges lead to, as a run of `targets`
/// (`count == 0`: none; `count == -1`: `start` is the one state).
struct RangeNode: Sendable {
    var targetStart: Int32 = 0
    var targetCount: Int32 = 0
}

enum NumericRangeIndex {
    /// The sorted distinct bounds of `ranges` (each with the states it
    /// leads to), the tree's leaf count, and the states of each of its
    /// `2 * leaves` nodes.
    static func build(_ ranges: [NumericRange: Set<Int32>]) -> (bounds: [Double], leaves: Int, nodes: [Set<Int32>]) {
        var values = Set<Double>()
        for range in ranges.keys {
            if let l = range.lower { values.insert(l.value.value) }
            if let u = range.upper { values.insert(u.value.value) }
        }
        let sorted = values.sorted()
        let k = sorted.count
        var leaves = 1
        while leaves < 2 * k + 1 { leaves <<= 1 }
        var slotOf: [Double: Int] = [:]
        for (i, b) in sorted.enumerated() { slotOf[b] = i }

        var nodes = [Set<Int32>](repeating: [], count: 2 * leaves)
        for (range, set) in ranges {
            var lo = 0
            var hi = 2 * k
            if let l = range.lower { lo = 2 * slotOf[l.value.value]! + (l.inclusive ? 1 : 2) }
            if let u = range.upper { hi = 2 * slotOf[u.value.value]! + (u.inclusive ? 1 : 0) }
            guard lo <= hi else { continue }
            var l = lo + leaves
            var r = hi + leaves + 1
            while l < r {
                if l & 1 == 1 {
                    nodes[l].formUnion(set)
                    l += 1
                }
                if r & 1 == 1 {
                    r -= 1
                    nodes[r].formUnion(set)
                }
                l >>= 1
                r >>= 1
            }
        }
        return (sorted, leaves, nodes)
    }

    /// The slot of `value` among the `count` sorted `bounds`: `2i + 1` when it
    /// equals bound i, `2i` when it lies just below bound i (or above all).
    @inline(__always)
    static func slot(of value: Double, bounds: UnsafePointer<Double>, count: Int) -> Int {
        var lo = 0
        var hi = count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if bounds[mid] < value { lo = mid + 1 } else { hi = mid }
        }
        return lo < count && bounds[lo] == value ? 2 * lo + 1 : 2 * lo
    }
}

/// The frozen range indexes, as the walk reads them.
struct RangeIndexView {
    let records: UnsafePointer<RangeIndexRecord>
    let bounds: UnsafePointer<Double>
    let nodes: UnsafePointer<RangeNode>

    /// Calls `body` with the target run of every tree node on the path from
    /// the slot of `value` to the root that has any.
    @inline(__always)
    func forEachRun(_ index: Int, _ value: Double, _ body: (Int32, Int32) -> Void) {
        let r = records[index]
        let slot = NumericRangeIndex.slot(of: value, bounds: bounds + Int(r.boundStart), count: Int(r.boundCount))
        let base = nodes + Int(r.nodeStart)
        var node = Int(r.leaves) + slot
        while node >= 1 {
            let n = base[node]
            if n.targetCount != 0 { body(n.targetStart, n.targetCount) }
            node >>= 1
        }
    }
}
