/// The second half of `MatcherBuilder`: turns each (state, path) group of
/// transitions into its value index and collects everything into the flat
/// arrays of `CompiledTables`.
///
/// Which index a filter gets (see `GroupRecord`): exact strings, ignore-case
/// strings, prefixes, suffixes, number texts and `cidr` blocks go to the
/// byte table; comparable numbers, booleans and null to the scalar table;
/// wildcards to the byte table by an anchor or to the group's fragment list
/// or automaton; `numeric` ranges to a range index and `anything-but` filters
/// to an exclusion index once a group has more than `smallGroupFilters` of
/// them (below that, the memoized one-by-one check costs less).
struct AutomatonAssembler {
    /// Up to this many distinct ranges, `anything-but` filters or unanchored
    /// wildcards, a group checks them one by one.
    static let smallGroupFilters = 4

    var pathFlags: [UInt8]
    private(set) var groups: [GroupRecord] = []
    private var affixSpecs: [AffixSpec] = []
    private var lengths: [Int32] = []
    private var targets: [Int32] = []
    private var outcomes: [Outcome] = []
    private var sharedEntries: [SharedFilterEntry] = []
    private var byteEntries: [ByteEntryTable.Entry] = []
    private var scalarEntries: [ScalarTable.Entry] = []
    private var wildcards = WildcardTable()
    private var shared = SharedFilterTable()
    private var rangeIndexes: [RangeIndexRecord] = []
    private var rangeBounds: [Double] = []
    private var rangeNodes: [RangeNode] = []
    private var exclusions: [ExclusionRecord] = []
    private var exclusionTargets: [TargetRun] = []
    private var fragments = FragmentAutomatonBuilder()
    private var fragmentAutomata: [Int32] = []
    /// Exclusion indexes whose pseudo-groups are compiled after every real
    /// group (a state's groups must stay contiguous).
    private var pendingExclusions: [(record: Int, path: Int32, filters: [(AnythingBut, Set<Int32>)])] = []

    init(pathCount: Int) {
        pathFlags = [UInt8](repeating: 0, count: pathCount)
    }

    /// What the keys of a group lead to.
    private enum Payload {
        /// Next states.
        case states
        /// Numbers of the `filterCount` filters of an exclusion index (`ExclusionList`).
        case exclusions(filterCount: Int)
    }

    private struct ScalarKey: Hashable {
        var tag: ScalarTag
        var bits: UInt64
    }

    /// A set of next states as a run of `targets`: `(start, count)`, or for a
    /// single state `(state, -1)`, which saves the walk a load.
    private mutating func emit(_ set: Set<Int32>, _ payload: Payload) -> (Int32, Int32) {
        switch payload {
        case .states:
            if set.count == 1 { return (set.first!, -1) }
            let start = Int32(targets.count)
            targets.append(contentsOf: set.sorted())
            return (start, Int32(set.count))
        case .exclusions(let filterCount):
            let list = ExclusionList.encode(excluding: set, filterCount: filterCount)
            let start = Int32(targets.count)
            targets.append(contentsOf: list)
            return (start, Int32(list.count))
        }
    }

    /// Adds the group of one state's transitions on `path` (appends nothing
    /// when it has no value test, only `exists: false`, which the state lists).
    mutating func addGroup(path: Int32, _ transitions: [(filter: ContentFilter, target: Int32)]) {
        addGroup(path: path, transitions, payload: .states)
    }

    @discardableResult
    private mutating func addGroup(
        path: Int32, _ transitions: [(filter: ContentFilter, target: Int32)], payload: Payload
    ) -> Int32? {
        precondition(groups.count < 1 << 28, "too many (state, path) groups for the byte table's owner ids")
        let groupId = Int32(groups.count)
        var keys = ByteKeyCollector()
        var scalars: [ScalarKey: Set<Int32>] = [:]
        var sharedTargets: [Int32: Set<Int32>] = [:]
        var ranges: [NumericRange: Set<Int32>] = [:]
        var exclusionFilters: [AnythingBut: Set<Int32>] = [:]
        var any = Set<Int32>()
        var starred: [(w: WildcardPattern, target: Int32)] = []
        var cidrShapes = Set<Int32>()
        for (filter, target) in transitions {
            switch filter {
            case .string(let v):
                keys.add(.exact, Array(v.utf8), target: target)
            case .number(let n):
                if n.isComparable {
                    scalars[ScalarKey(tag: .comparable, bits: n.value.bitPattern), default: []].insert(target)
                } else {
                    keys.add(.numberText, Array(n.text.utf8), target: target)
                }
            case .boolean(let b):
                scalars[ScalarKey(tag: b ? .true : .false, bits: 0), default: []].insert(target)
            case .null:
                scalars[ScalarKey(tag: .null, bits: 0), default: []].insert(target)
            case .prefix(let v, let ignoringCase):
                keys.add(ignoringCase ? .foldedForward : .forward, ignoringCase ? CaseFolding.fold(v) : Array(v.utf8), target: target)
            case .suffix(let v, let ignoringCase):
                keys.add(ignoringCase ? .foldedBackward : .backward, ignoringCase ? CaseFolding.fold(v) : Array(v.utf8), target: target)
            case .equalsIgnoreCase(let v):
                keys.add(.foldedExact, CaseFolding.fold(v), target: target)
            case .wildcard(let w):
                switch WildcardPlacement(w) {
                case .exact(let k): keys.add(.exact, k, target: target)
                case .prefix(let k): keys.add(.forward, k, target: target)
                case .suffix(let k): keys.add(.backward, k, target: target)
                case .anchored, .floating: starred.append((w, target))
                }
            case .exists(true):
                any.insert(target)
            case .exists(false):
                break  // the state's absence list
            case .cidr(let block):
                keys.add(.cidr, CIDRIndex.key(block), target: target)
                cidrShapes.insert(CIDRIndex.shape(block))
            case .numeric(let r) where r.lower != nil && r.lower == r.upper && r.lower!.inclusive
                && r.lower!.value.isComparable:
                // A single point is an exact number (both need a comparable number equal to it).
                scalars[ScalarKey(tag: .comparable, bits: r.lower!.value.value.bitPattern), default: []].insert(target)
            case .numeric(let r):
                ranges[r, default: []].insert(target)
            case .anythingBut(let a):
                exclusionFilters[a, default: []].insert(target)
            }
        }
        if ranges.count <= Self.smallGroupFilters {
            for (r, set) in ranges { sharedTargets[shared.id(.numeric(r)), default: []].formUnion(set) }
            ranges = [:]
        }
        if exclusionFilters.count <= Self.smallGroupFilters {
            for (a, set) in exclusionFilters { sharedTargets[shared.id(.anythingBut(a)), default: []].formUnion(set) }
            exclusionFilters = [:]
        }
        let placed = Self.place(starred)
        for a in placed.anchored {
            keys.add(a.tail ? .backward : .forward, a.key, wildcard: wildcards.id(a.w), target: a.target)
        }

        let hasValueTests =
            !keys.keys.isEmpty || !scalars.isEmpty || !placed.fragments.isEmpty || !sharedTargets.isEmpty || !any.isEmpty
            || !ranges.isEmpty || !exclusionFilters.isEmpty
        guard hasValueTests else { return nil }

        var direct = true
        if case .exclusions = payload { direct = false }
        var group = GroupRecord()
        group.path = path
        for (tag, byKey) in keys.keys {
            for (key, byWildcard) in byKey {
                var outcome = UInt32(outcomes.count)
                if direct, byWildcard.count == 1, let only = byWildcard[-1], only.count == 1 {
                    outcome = ByteHit.direct | UInt32(only.first!)
                } else {
                    for w in byWildcard.keys.sorted() {
                        let (ts, tc) = emit(byWildcard[w]!, payload)
                        outcomes.append(Outcome(wildcard: w, targetStart: ts, targetCount: tc))
                    }
                }
                let owner = ByteTag.owner(group: groupId, tag: tag)
                byteEntries.append(
                    ByteEntryTable.Entry(
                        owner: owner, key: key, hash: ByteEntryTable.hash(of: key, tag: tag, owner: owner),
                        payload: outcome, payloadCount: UInt32(byWildcard.count)))
            }
        }
        if keys.has(.exact) { group.flags |= GroupRecord.exact }
        if keys.has(.foldedExact) { group.flags |= GroupRecord.foldedExact }
        if keys.has(.numberText) { group.flags |= GroupRecord.numberText }
        if keys.has(.foldedExact) || keys.has(.foldedForward) || keys.has(.foldedBackward) {
            pathFlags[Int(path)] |= PathFlags.folds
        }
        group.affixStart = Int32(affixSpecs.count)
        for tag in [ByteTag.forward, .backward, .foldedForward, .foldedBackward] where keys.has(tag) {
            let l = keys.lengths(tag)
            affixSpecs.append(AffixSpec(tag: tag, lengthStart: Int32(lengths.count), lengthCount: Int32(l.count)))
            lengths.append(contentsOf: l)
        }
        group.affixCount = Int32(affixSpecs.count) - group.affixStart
        group.cidrStart = Int32(lengths.count)
        lengths.append(contentsOf: cidrShapes.sorted())
        group.cidrCount = Int32(cidrShapes.count)

        for (key, set) in scalars {
            let (ts, tc) = emit(set, payload)
            scalarEntries.append(ScalarTable.Entry(group: groupId, tag: key.tag, bits: key.bits, targetStart: ts, targetCount: tc))
            switch key.tag {
            case .comparable: group.flags |= GroupRecord.comparable
            case .true: group.flags |= GroupRecord.true
            case .false: group.flags |= GroupRecord.false
            case .null: group.flags |= GroupRecord.null
            }
        }

        // Unanchored wildcards: one outcome each, found by a list or an automaton.
        group.floatingStart = Int32(outcomes.count)
        var byWildcard: [Int32: (piece: [UInt8], targets: Set<Int32>)] = [:]
        for f in placed.fragments { byWildcard[wildcards.id(f.w), default: (f.piece, [])].targets.insert(f.target) }
        var pieces: [[UInt8]: [Int32]] = [:]
        for w in byWildcard.keys.sorted() {
            let (ts, tc) = emit(byWildcard[w]!.targets, payload)
            pieces[byWildcard[w]!.piece, default: []].append(Int32(outcomes.count))
            outcomes.append(Outcome(wildcard: w, targetStart: ts, targetCount: tc))
        }
        group.floatingCount = Int32(outcomes.count) - group.floatingStart
        if byWildcard.count > Self.smallGroupFilters {
            group.fragmentAutomaton = Int32(fragmentAutomata.count)
            fragmentAutomata.append(fragments.add(pieces))
        }

        group.sharedStart = Int32(sharedEntries.count)
        for f in sharedTargets.keys.sorted() {
            let (ts, tc) = emit(sharedTargets[f]!, payload)
            sharedEntries.append(SharedFilterEntry(filter: f, targetStart: ts, targetCount: tc))
        }
        group.sharedCount = Int32(sharedEntries.count) - group.sharedStart

        if !ranges.isEmpty {
            group.rangeIndex = Int32(rangeIndexes.count)
            let index = NumericRangeIndex.build(ranges)
            rangeIndexes.append(
                RangeIndexRecord(
                    boundStart: Int32(rangeBounds.count), boundCount: Int32(index.bounds.count),
                    nodeStart: Int32(rangeNodes.count), leaves: Int32(index.leaves)))
            rangeBounds.append(contentsOf: index.bounds)
            for set in index.nodes {
                let (start, count) = set.isEmpty ? (0, 0) : emit(set, payload)
                rangeNodes.append(RangeNode(targetStart: start, targetCount: count))
            }
        }
        if !exclusionFilters.isEmpty {
            group.exclusionIndex = Int32(exclusions.count)
            exclusions.append(ExclusionRecord(group: -1, filterStart: 0, filterCount: 0))
            // A fixed order, so that compiling twice gives the same tables.
            let ordered = exclusionFilters.map { (ContentFilter.anythingBut($0.key).canonicalText, $0.key, $0.value) }
                .sorted { $0.0 < $1.0 }
            pendingExclusions.append((exclusions.count - 1, path, ordered.map { ($0.1, $0.2) }))
        }

        (group.anyStart, group.anyCount) = any.isEmpty ? (0, 0) : emit(any, payload)
        groups.append(group)
        return groupId
    }

    /// Compiles the pseudo-groups of the exclusion indexes (see `ExclusionIndex`).
    mutating func addExclusionGroups() {
        for pending in pendingExclusions {
            var tests: [(filter: ContentFilter, target: Int32)] = []
            let filterStart = Int32(exclusionTargets.count)
            for (i, (a, set)) in pending.filters.enumerated() {
                let (ts, tc) = emit(set, .states)
                exclusionTargets.append(TargetRun(start: ts, count: tc))
                for test in Self.exclusionTests(a) { tests.append((test, Int32(i))) }
            }
            let group = addGroup(path: pending.path, tests, payload: .exclusions(filterCount: pending.filters.count))
            exclusions[pending.record] = ExclusionRecord(
                group: group ?? -1, filterStart: filterStart, filterCount: Int32(pending.filters.count))
        }
        pendingExclusions = []
    }

    /// The tests any one of which makes `a` exclude a value, as filters.
    static func exclusionTests(_ a: AnythingBut) -> [ContentFilter] {
        switch a {
        case .strings(let l): return l.map { .string($0) }
        case .numbers(let l): return l.map { .number($0) }
        case .prefixes(let l): return l.map { .prefix($0, ignoringCase: false) }
        case .suffixes(let l): return l.map { .suffix($0, ignoringCase: false) }
        case .equalsIgnoreCase(let l): return l.map { .equalsIgnoreCase($0) }
        case .wildcards(let l): return l.map { .wildcard($0) }
        }
    }

    /// Where each starred wildcard of a group is filed: under its head or
    /// tail in the anchored index, or under one inner piece (`fragments`).
    ///
    /// The anchor is the end fewer of the group's wildcards share (then the
    /// longer one): `arn:aws:ecs:*:cluster/c12` goes under its tail when a
    /// thousand wildcards share the head `arn:aws:ecs:`. When both ends are
    /// shared by more than `smallGroupFilters` wildcards and an inner piece
    /// by fewer, or when there is no anchor (`*spot*`), the piece fewest share
    /// (then the longest) is used instead.
    static func place(_ starred: [(w: WildcardPattern, target: Int32)]) -> (
        anchored: [(w: WildcardPattern, key: [UInt8], tail: Bool, target: Int32)],
        fragments: [(w: WildcardPattern, piece: [UInt8], target: Int32)]
    ) {
        var anchored: [(w: WildcardPattern, key: [UInt8], tail: Bool, target: Int32)] = []
        var fragments: [(w: WildcardPattern, piece: [UInt8], target: Int32)] = []
        guard !starred.isEmpty else { return (anchored, fragments) }
        var heads: [[UInt8]: Set<WildcardPattern>] = [:]
        var tails: [[UInt8]: Set<WildcardPattern>] = [:]
        var inner: [[UInt8]: Set<WildcardPattern>] = [:]
        for (w, _) in starred {
            if !w.head.isEmpty { heads[w.head, default: []].insert(w) }
            if !w.tail.isEmpty { tails[w.tail, default: []].insert(w) }
            for piece in w.pieces.dropFirst().dropLast() where !piece.isEmpty { inner[piece, default: []].insert(w) }
        }
        for (w, target) in starred {
            var anchor: (key: [UInt8], tail: Bool, sharers: Int)? = nil
            if !w.head.isEmpty || !w.tail.isEmpty {
                let headCount = heads[w.head]?.count ?? 0
                let tailCount = tails[w.tail]?.count ?? 0
                let tail = WildcardPlacement.prefersTail(head: w.head, tail: w.tail, headCount: headCount, tailCount: tailCount)
                anchor = tail ? (w.tail, true, tailCount) : (w.head, false, headCount)
            }
            var best: (piece: [UInt8], sharers: Int)? = nil
            for piece in w.pieces.dropFirst().dropLast() where !piece.isEmpty {
                let sharers = inner[piece]!.count
                if best == nil || sharers < best!.sharers || (sharers == best!.sharers && piece.count > best!.piece.count) {
                    best = (piece, sharers)
                }
            }
            if let a = anchor, a.sharers <= smallGroupFilters || best == nil || best!.sharers >= a.sharers {
                anchored.append((w, a.key, a.tail, target))
            } else {
                fragments.append((w, best!.piece, target))
            }
        }
        return (anchored, fragments)
    }

    func tables(
        states: [StateRecord], accepts: [Int32], absents: [AbsentRecord], patternCount: Int, maxDepth: Int
    ) -> CompiledTables {
        CompiledTables(
            states: states, groups: groups, affixSpecs: affixSpecs, lengths: lengths, targets: targets,
            accepts: accepts, absents: absents, outcomes: outcomes, sharedEntries: sharedEntries,
            byteTable: ByteEntryTable(byteEntries), scalarTable: ScalarTable(scalarEntries),
            wildcards: wildcards.patterns, sharedFilters: shared.filters, pathFlags: pathFlags,
            rangeIndexes: rangeIndexes, rangeBounds: rangeBounds, rangeNodes: rangeNodes,
            exclusions: exclusions, exclusionTargets: exclusionTargets,
            fragmentAutomata: fragmentAutomata, fragmentWords: fragments.words, fragmentRows: fragments.rows,
            fragmentOutcomes: fragments.outcomes,
            patternCount: patternCount, maxDepth: maxDepth)
    }
}
