// The wildcard fragment index of one (state, path) group: an Aho–Corasick
// automaton over one literal piece of each wildcard that has no usable
// anchor (`*spot*`, `*a*b*`, or an anchored one whose head and tail many
// wildcards of the group share).
//
// Design: every such wildcard is filed under the piece the fewest of the
// group's wildcards share (ties: the longest), and the automaton finds, in
// one pass over the value, every filed piece that occurs in it; only the
// wildcards of those pieces are confirmed with `WildcardPattern.matches`.
// Per field: O(value length) transitions plus the occurrences found,
// however many wildcards share the path. Memory: one node per distinct
// prefix of the filed pieces.
//
// Layout, all flat: nodes (failure link, dictionary link to the nearest
// node on the failure chain that ends a piece, the outcomes of the pieces
// ending here, the transitions). A node with few children lists them
// (byte and child packed in one word, scanned linearly); the root and any
// node with at least `denseFanOut` children has a complete 256-entry row
// instead, failures already resolved, so the scan never falls back from it.
// With identifiers and ARNs most of a scan runs in the wide rows near the
// root: about one load per byte.
//
// Groups with at most `AutomatonAssembler.smallGroupFilters` such wildcards
// keep the plain list, checked one by one: cheaper than a scan for a handful.

/// One node of a fragment automaton.
struct FragmentNode: Sendable {
    var fail: Int32 = 0
    /// The nearest node on the failure chain (this one excluded) with outcomes, or -1.
    var dictionary: Int32 = -1
    /// Outcomes of the pieces ending here, in `CompiledTables.fragmentOutcomes`.
    var outcomeStart: Int32 = 0
    var outcomeCount: Int32 = 0
    /// With `edgeCount >= 0`: that many `child << 8 | byte` words in
    /// `fragmentEdges`; with -1, a 256-entry row of next nodes in `fragmentRows`.
    var edgeStart: Int32 = 0
    var edgeCount: Int32 = 0
}

/// Builds fragment automata into shared flat arrays.
struct FragmentAutomatonBuilder {
    /// Children from which a node gets a complete row.
    static let denseFanOut = 16

    private(set) var nodes: [FragmentNode] = []
    private(set) var edges: [UInt32] = []
    private(set) var rows: [Int32] = []
    private(set) var outcomes: [Int32] = []

    /// Adds an automaton for `pieces` (each non-empty, with the outcome
    /// indices it leads to) and returns its root node.
    mutating func add(_ pieces: [[UInt8]: [Int32]]) -> Int32 {
        precondition(nodes.count + pieces.keys.reduce(0) { $0 + $1.count } < 1 << 24, "fragment automata too large")
        let root = Int32(nodes.count)
        // The trie, by local id (global id = root + local).
        var children: [[(byte: UInt8, child: Int32)]] = [[]]
        var ending: [[Int32]] = [[]]
        func child(_ node: Int32, _ b: UInt8) -> Int32? {
            for c in children[Int(node)] where c.byte == b { return c.child }
            return nil
        }
        for piece in pieces.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            var node: Int32 = 0
            for b in piece {
                if let next = child(node, b) {
                    node = next
                } else {
                    let next = Int32(children.count)
                    children.append([])
                    ending.append([])
                    children[Int(node)].append((b, next))
                    node = next
                }
            }
            ending[Int(node)].append(contentsOf: pieces[piece]!)
        }
        let count = children.count
        var fail = [Int32](repeating: 0, count: count)
        var dictionary = [Int32](repeating: -1, count: count)
        // Breadth first: failure links, then each node's complete transition
        // function as far as it is needed (rows of dense nodes).
        var order: [Int32] = [0]
        var head = 0
        while head < order.count {
            let u = order[head]
            head += 1
            for (b, c) in children[Int(u)] {
                if u != 0 {
                    var f = fail[Int(u)]
                    while true {
                        if let next = child(f, b) {
                            fail[Int(c)] = next
                            break
                        }
                        if f == 0 { break }
                        f = fail[Int(f)]
                    }
                }
                let f = fail[Int(c)]
                dictionary[Int(c)] = ending[Int(f)].isEmpty ? dictionary[Int(f)] : f
                order.append(c)
            }
        }
        var rowOf = [Int](repeating: -1, count: count)
        func next(_ node: Int32, _ b: UInt8) -> Int32 {
            var s = node
            while true {
                if rowOf[Int(s)] >= 0 { return Int32(rows[rowOf[Int(s)] + Int(b)]) - root }
                if let c = child(s, b) { return c }
                if s == 0 { return 0 }
                s = fail[Int(s)]
            }
        }
        var records = [FragmentNode](repeating: FragmentNode(), count: count)
        for u in order {
            let i = Int(u)
            records[i].fail = root + fail[i]
            records[i].dictionary = dictionary[i] < 0 ? -1 : root + dictionary[i]
            if !ending[i].isEmpty {
                let list = Array(Set(ending[i])).sorted()
                records[i].outcomeStart = Int32(outcomes.count)
                records[i].outcomeCount = Int32(list.count)
                outcomes.append(contentsOf: list)
            }
            if u == 0 || children[i].count >= Self.denseFanOut {
                var row = [Int32](repeating: 0, count: 256)
                for b in 0...255 { row[b] = root + next(u, UInt8(b)) }
                rowOf[i] = rows.count
                records[i].edgeStart = Int32(rows.count)
                records[i].edgeCount = -1
                rows.append(contentsOf: row)
            } else {
                records[i].edgeStart = Int32(edges.count)
                records[i].edgeCount = Int32(children[i].count)
                for (b, c) in children[i] { edges.append(UInt32(root + c) << 8 | UInt32(b)) }
            }
        }
        nodes.append(contentsOf: records)
        return root
    }
}

/// The frozen fragment automata, as the walk reads them.
struct FragmentAutomataView {
    let nodes: UnsafePointer<FragmentNode>
    let edges: UnsafePointer<UInt32>
    let rows: UnsafePointer<Int32>
    let outcomes: UnsafePointer<Int32>

    /// Calls `body` with every outcome whose piece occurs in the `count`
    /// bytes at `value` (once per occurrence), for the automaton at `root`.
    @inline(__always)
    func forEachOccurrence(_ root: Int32, _ value: UnsafePointer<UInt8>, _ count: Int, _ body: (Int32) -> Void) {
        var s = root
        var i = 0
        while i < count {
            let b = value[i]
            while true {
                let node = nodes[Int(s)]
                if node.edgeCount < 0 {
                    s = rows[Int(node.edgeStart) + Int(b)]
                    break
                }
                var k = Int(node.edgeStart)
                let end = k + Int(node.edgeCount)
                var found: Int32 = -1
                while k < end {
                    let e = edges[k]
                    if UInt8(truncatingIfNeeded: e) == b {
                        found = Int32(e >> 8)
                        break
                    }
                    k += 1
                }
                if found >= 0 {
                    s = found
                    break
                }
                s = node.fail
            }
            let node = nodes[Int(s)]
            var t = node.outcomeCount != 0 ? s : node.dictionary
            while t >= 0 {
                let n = nodes[Int(t)]
                var k = Int(n.outcomeStart)
                let end = k + Int(n.outcomeCount)
                while k < end {
                    body(outcomes[k])
                    k += 1
                }
                t = n.dictionary
            }
            i += 1
        }
    }
}
