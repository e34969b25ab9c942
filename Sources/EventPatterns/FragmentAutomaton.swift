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
// Layout: each automaton is one run of 32-bit words, a block per node —
// a header (child count, flags), the failure link, for a node where a piece
// ends or whose failure chain has one its outcomes and dictionary link, then
// its children (`child << 8 | byte`, scanned linearly) — so that a step
// touches one cache line, not a node record and an edge array. The root and
// any node with at least `denseFanOut` children have a complete 256-entry
// row instead, failures already resolved, so the scan never falls back from
// them; with identifiers and ARNs most of a scan runs in those rows.
//
// Groups with at most `AutomatonAssembler.smallGroupFilters` such wildcards
// keep the plain list, checked one by one: cheaper than a scan for a handful.

/// The header bits of a fragment automaton node block (see above).
enum FragmentNode {
    /// The block holds `outcomeStart, outcomeCount, dictionary` after the failure link.
    static let reports: UInt32 = 1 << 31
    /// The block's last word is the offset of a 256-entry row in `fragmentRows`.
    static let dense: UInt32 = 1 << 30
    static let countMask: UInt32 = 0xFFFF
    /// A dictionary link to nowhere.
    static let none = UInt32.max
}

/// Builds fragment automata into shared flat arrays.
struct FragmentAutomatonBuilder {
    /// Children from which a node gets a complete row.
    static let denseFanOut = 16

    private(set) var words: [UInt32] = []
    private(set) var rows: [UInt32] = []
    private(set) var outcomes: [Int32] = []

    /// Adds an automaton for `pieces` (each non-empty, with the outcome
    /// indices it leads to) and returns the word offset of its root.
    mutating func add(_ pieces: [[UInt8]: [Int32]]) -> Int32 {
        // The trie, by local node id.
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
        var order: [Int32] = [0]  // breadth first
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

        // Block offsets.
        let dense = (0..<count).map { $0 == 0 || children[$0].count >= Self.denseFanOut }
        let reports = (0..<count).map { !ending[$0].isEmpty || dictionary[$0] >= 0 }
        var offset = [UInt32](repeating: 0, count: count)
        var next = UInt32(words.count)
        for u in 0..<count {
            offset[u] = next
            next += 2 + (reports[u] ? 3 : 0) + (dense[u] ? 1 : UInt32(children[u].count))
        }
        precondition(next < 1 << 24, "fragment automata too large")

        // Complete rows, breadth first (a failure link points to a shallower
        // node, whose row is done). `step` answers a local node, or, negated,
        // the entry of a row already made.
        var rowOf = [Int](repeating: -1, count: count)
        func step(_ node: Int32, _ b: UInt8) -> Int32 {
            var s = node
            while true {
                if rowOf[Int(s)] >= 0 { return Int32(rowOf[Int(s)] + Int(b)) | Int32.min }
                if let c = child(s, b) { return c }
                if s == 0 { return 0 }
                s = fail[Int(s)]
            }
        }
        for u in order where dense[Int(u)] {
            let row = (0...255).map { b -> UInt32 in
                let t = step(u, UInt8(b))
                return t < 0 ? rows[Int(t & Int32.max)] : offset[Int(t)]
            }
            rowOf[Int(u)] = rows.count
            rows.append(contentsOf: row)
        }
        for u in 0..<count {
            var header = UInt32(children[u].count)
            if reports[u] { header |= FragmentNode.reports }
            if dense[u] { header |= FragmentNode.dense }
            words.append(header)
            words.append(offset[Int(fail[u])])
            if reports[u] {
                let list = Array(Set(ending[u])).sorted()
                words.append(UInt32(outcomes.count))
                words.append(UInt32(list.count))
                words.append(dictionary[u] < 0 ? FragmentNode.none : offset[Int(dictionary[u])])
                outcomes.append(contentsOf: list)
            }
            if dense[u] {
                words.append(UInt32(rowOf[u]))
            } else {
                for (b, c) in children[u] { words.append(offset[Int(c)] << 8 | UInt32(b)) }
            }
        }
        return Int32(offset[0])
    }
}

/// The frozen fragment automata, as the walk reads them.
struct FragmentAutomataView {
    let words: UnsafePointer<UInt32>
    let rows: UnsafePointer<UInt32>
    let outcomes: UnsafePointer<Int32>

    /// Calls `body` with every outcome whose piece occurs in the `count`
    /// bytes at `value` (once per occurrence), for the automaton at `root`.
    @inline(__always)
    func forEachOccurrence(_ root: Int32, _ value: UnsafePointer<UInt8>, _ count: Int, _ body: (Int32) -> Void) {
        var s = Int(root)
        var i = 0
        while i < count {
            let b = value[i]
            while true {
                let header = words[s]
                let first = s + (header & FragmentNode.reports != 0 ? 5 : 2)
                if header & FragmentNode.dense != 0 {
                    s = Int(rows[Int(words[first]) + Int(b)])
                    break
                }
                var k = first
                let end = k + Int(header & FragmentNode.countMask)
                var found = -1
                while k < end {
                    let e = words[k]
                    if UInt8(truncatingIfNeeded: e) == b {
                        found = Int(e >> 8)
                        break
                    }
                    k += 1
                }
                if found >= 0 {
                    s = found
                    break
                }
                s = Int(words[s + 1])
            }
            if words[s] & FragmentNode.reports != 0 {
                var t = s
                while true {
                    var k = Int(words[t + 2])
                    let end = k + Int(words[t + 3])
                    while k < end {
                        body(outcomes[k])
                        k += 1
                    }
                    let next = words[t + 4]
                    if next == FragmentNode.none { break }
                    t = Int(next)
                }
            }
            i += 1
        }
    }
}
