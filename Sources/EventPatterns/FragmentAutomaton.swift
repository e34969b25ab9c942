/// The wildcard fragment index of one (state, path) group: an Aho–Corasick
/// automaton over one literal piece of each wildcard that has no usable
/// anchor (`*spot*`, `*a*b*`, or an anchored one whose head and tail many
/// wildcards of the group share).
///
/// Design: every such wildcard is filed under the piece the fewest of the
/// group's wildcards share (ties: the longest), and the automaton finds, in
/// one pass over the value, every filed piece that occurs in it; only the
/// wildcards of those pieces are confirmed with `WildcardPattern.matches`.
/// Per field: O(value length) transitions plus the occurrences found,
/// however many wildcards share the path. Memory: one node per distinct
/// prefix of the filed pieces.
///
/// Layout, all flat: nodes (failure link, dictionary link to the nearest
/// node on the failure chain that ends a piece, the outcomes of the pieces
/// ending here); the root's transitions as a 256-entry table (most bytes of
/// most values leave the root at once); every other transition in one
/// open-addressing table keyed by (node, byte), shared by all automata.
///
/// Groups with at most `MatcherBuilder.smallGroupFilters` such wildcards keep
/// the plain list, checked one by one: cheaper than a scan for a handful.
struct FragmentAutomatonRecord: Sendable {
    /// The root node (global node id).
    var root: Int32
    /// Offset of the root's 256 transitions in `CompiledTables.fragmentRoots`.
    var rootTable: Int32
}

struct FragmentNode: Sendable {
    var fail: Int32 = 0
    /// The nearest node on the failure chain (this one excluded) with outcomes, or -1.
    var dictionary: Int32 = -1
    /// Outcomes of the pieces ending here, in `CompiledTables.fragmentOutcomes`.
    var outcomeStart: Int32 = 0
    var outcomeCount: Int32 = 0
}

struct FragmentEdgeSlot: Sendable {
    /// `node << 8 | byte`, plus one; 0 marks an empty slot.
    var key: UInt64 = 0
    var child: Int32 = 0
}

/// Builds fragment automata into shared flat arrays.
struct FragmentAutomatonBuilder {
    private(set) var nodes: [FragmentNode] = []
    private(set) var roots: [Int32] = []
    private(set) var outcomes: [Int32] = []
    private var edges: [UInt64: Int32] = [:]

    /// Adds an automaton for `pieces` (each non-empty, with the outcome
    /// indices it leads to) and returns its record.
    mutating func add(_ pieces: [[UInt8]: [Int32]]) -> FragmentAutomatonRecord {
        let root = Int32(nodes.count)
        nodes.append(FragmentNode())
        var bytes: [UInt8] = [0]  // the byte leading into each node of this automaton, by local id
        var children: [[Int32]] = [[]]
        var ending: [[Int32]] = [[]]
        for piece in pieces.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            var node = root
            for b in piece {
                let key = UInt64(UInt32(node)) << 8 | UInt64(b)
                if let next = edges[key] {
                    node = next
                } else {
                    let next = Int32(nodes.count)
                    nodes.append(FragmentNode())
                    bytes.append(b)
                    children.append([])
                    ending.append([])
                    children[Int(node - root)].append(next)
                    edges[key] = next
                    node = next
                }
            }
            ending[Int(node - root)].append(contentsOf: pieces[piece]!)
        }

        // Failure and dictionary links, breadth first.
        func step(_ from: Int32, _ b: UInt8) -> Int32? { edges[UInt64(UInt32(from)) << 8 | UInt64(b)] }
        var queue: [Int32] = []
        for c in children[0] {
            nodes[Int(c)].fail = root
            queue.append(c)
        }
        var head = 0
        while head < queue.count {
            let u = queue[head]
            head += 1
            for c in children[Int(u - root)] {
                let b = bytes[Int(c - root)]
                var f = nodes[Int(u)].fail
                var target = root
                while true {
                    if let next = step(f, b) {
                        target = next
                        break
                    }
                    if f == root { break }
                    f = nodes[Int(f)].fail
                }
                nodes[Int(c)].fail = target
                queue.append(c)
            }
        }
        for u in queue {
            let f = nodes[Int(u)].fail
            nodes[Int(u)].dictionary = ending[Int(f - root)].isEmpty ? nodes[Int(f)].dictionary : f
        }
        for local in ending.indices where !ending[local].isEmpty {
            let list = Array(Set(ending[local])).sorted()
            nodes[Int(root) + local].outcomeStart = Int32(outcomes.count)
            nodes[Int(root) + local].outcomeCount = Int32(list.count)
            outcomes.append(contentsOf: list)
        }

        let rootTable = Int32(roots.count)
        var table = [Int32](repeating: root, count: 256)
        for c in children[0] { table[Int(bytes[Int(c - root)])] = c }
        roots.append(contentsOf: table)
        return FragmentAutomatonRecord(root: root, rootTable: rootTable)
    }

    /// The non-root transitions as an open-addressing table (load at most ½).
    func edgeTable() -> (slots: [FragmentEdgeSlot], mask: Int) {
        var size = 16
        while size < edges.count * 2 { size <<= 1 }
        var slots = [FragmentEdgeSlot](repeating: FragmentEdgeSlot(), count: size)
        for (key, child) in edges {
            var i = Int(truncatingIfNeeded: MatchHash.mix(key)) & (size - 1)
            while slots[i].key != 0 { i = (i + 1) & (size - 1) }
            slots[i] = FragmentEdgeSlot(key: key &+ 1, child: child)
        }
        return (slots, size - 1)
    }
}

/// The frozen fragment automata, as the walk reads them.
struct FragmentAutomataView {
    let nodes: UnsafePointer<FragmentNode>
    let roots: UnsafePointer<Int32>
    let outcomes: UnsafePointer<Int32>
    let edges: UnsafePointer<FragmentEdgeSlot>
    let edgeMask: Int

    @inline(__always)
    func child(_ node: Int32, _ b: UInt8) -> Int32 {
        let key = (UInt64(UInt32(node)) << 8 | UInt64(b)) &+ 1
        var i = Int(truncatingIfNeeded: MatchHash.mix(key &- 1)) & edgeMask
        while true {
            let slot = edges[i]
            if slot.key == key { return slot.child }
            if slot.key == 0 { return -1 }
            i = (i + 1) & edgeMask
        }
    }

    /// Calls `body` with every outcome whose piece occurs in the `count`
    /// bytes at `value` (once per occurrence).
    @inline(__always)
    func forEachOccurrence(
        _ automaton: FragmentAutomatonRecord, _ value: UnsafePointer<UInt8>, _ count: Int, _ body: (Int32) -> Void
    ) {
        let root = automaton.root
        let rootTable = roots + Int(automaton.rootTable)
        var s = root
        var i = 0
        while i < count {
            let b = value[i]
            while true {
                if s == root {
                    s = rootTable[Int(b)]
                    break
                }
                let c = child(s, b)
                if c >= 0 {
                    s = c
                    break
                }
                s = nodes[Int(s)].fail
            }
            var t = nodes[Int(s)].outcomeCount != 0 ? s : nodes[Int(s)].dictionary
            while t >= 0 {
                let node = nodes[Int(t)]
                var k = Int(node.outcomeStart)
                let end = k + Int(node.outcomeCount)
                while k < end {
                    body(outcomes[k])
                    k += 1
                }
                t = node.dictionary
            }
            i += 1
        }
    }
}
