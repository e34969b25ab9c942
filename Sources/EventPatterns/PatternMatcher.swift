/// All patterns of a rule set compiled into one automaton, so that matching an
/// event costs about the same for 10 patterns as for 10,000.
///
/// ```swift
/// let matcher = try PatternMatcher(patterns)
/// var fields = EventFields(flattening: event, paths: matcher.paths)  // or a byte scanner using matcher.paths
/// var scratch = PatternMatcher.Scratch()
/// var matches: [Int] = []
/// matcher.match(fields, into: &matches, scratch: &scratch)  // indices into `patterns`, ascending
/// ```
///
/// How it works (details in `MatcherBuilder`, `AutomatonAssembler` and
/// `MatchWalk`): each pattern is multiplied out over its `$or`s into
/// conjunctions of field conditions; conjunctions become paths of a trie whose
/// edges are (path, filter set) steps in one global order (selective tests
/// first, widely shared steps first), so identical step prefixes share states;
/// each state's edges are grouped by path into a value index — hash tables for
/// exact strings, numbers, booleans and null, anchored hash probes by key
/// length for prefixes, suffixes, their ignore-case forms and wildcard
/// anchors, masked-address probes per prefix length for `cidr`, a segment tree
/// over range bounds for `numeric` (`NumericRangeIndex`), complement counting
/// for `anything-but` (`ExclusionIndex`) and an Aho–Corasick automaton over
/// inner pieces for unanchored wildcards (`FragmentAutomaton`); a group with
/// only a few of the last three checks them one by one instead. Matching walks
/// the trie depth-first on an explicit stack, choosing one event field per
/// step, and keeps aws/event-ruler's array consistency: the fields chosen for
/// one pattern must lie in the same element of every array they share. The
/// result equals `ReferenceMatcher` on every pattern (property-tested, also
/// with thousands of patterns per family).
///
/// Cost per event: a lookup per (reached state, tested path, field on that
/// path), each independent of the number of patterns, plus the states the
/// lookups lead to — that is, plus the size of the answer. What still grows
/// with the pattern count: many `exists: false` transitions of one state are
/// listed (each one taken is a match, so the list is bounded by the answer
/// plus the event's paths); an `anything-but` value that no filter of a group
/// excludes matches them all; a state testing many paths costs the smaller of
/// its paths and the event's.
///
/// Limits: a pattern may stand for at most `PatternLimits.maxAlternatives`
/// conjunctions once its `$or`s are multiplied out (`init` throws otherwise).
/// Steady-state matching allocates nothing, except where a filter's own check
/// does: non-ASCII ignore-case values are folded by `CaseFolding`, and number
/// literals with more than 15 significant digits go through `ComparableNumber`.
package struct PatternMatcher: Sendable {
    /// Every path any pattern names; a reader flattens events against these
    /// ids (`EventFields.path`). A reader may extend a copy with more paths:
    /// fields on paths the matcher does not know are ignored.
    package let paths: FieldPaths
    /// Number of patterns compiled (indices are `0..<patternCount`).
    package let patternCount: Int

    /// Owns the automaton; `view` points into it.
    let tables: CompiledTables
    let view: TableView
    let identity: ObjectIdentifier

    /// Compiles `patterns`; a pattern's index is its position.
    package init(_ patterns: [EventPattern]) throws(PatternError) {
        var builder = MatcherBuilder()
        for pattern in patterns { try builder.add(pattern) }
        self.tables = builder.build()
        self.view = tables.view
        self.identity = ObjectIdentifier(tables)
        self.paths = builder.paths
        self.patternCount = patterns.count
    }

    /// Size of the compiled automaton, for diagnostics and tests.
    package var statistics: Statistics {
        Statistics(
            states: tables.states.count, pathGroups: tables.groups.count,
            byteKeys: tables.byteSlots.reduce(0) { $0 + ($1.owner == .max ? 0 : 1) },
            sharedFilters: tables.sharedFilters.count, wildcards: tables.wildcards.count,
            rangeIndexes: tables.rangeIndexes.count, exclusionIndexes: tables.exclusions.count,
            fragmentAutomata: tables.fragmentAutomata.count)
    }

    package struct Statistics: Hashable, Sendable {
        /// States of the trie, start state included.
        package var states: Int
        /// (state, path) value indexes.
        package var pathGroups: Int
        /// Keys in the shared byte table (exact strings, affixes, wildcard anchors).
        package var byteKeys: Int
        /// Distinct non-indexed filters.
        package var sharedFilters: Int
        /// Distinct wildcards that need a confirming check.
        package var wildcards: Int
        /// Groups whose `numeric` ranges have a `NumericRangeIndex`.
        package var rangeIndexes: Int
        /// Groups whose `anything-but` filters have an exclusion index.
        package var exclusionIndexes: Int
        /// Groups whose unanchored wildcards have a `FragmentAutomaton`.
        package var fragmentAutomata: Int
    }

    /// Reusable per-event working memory for `match`. Keep one per thread
    /// (and matcher) and pass it to every call; after the first few events,
    /// matching allocates nothing. It fits one matcher at a time: used with
    /// another, it is rebuilt. A copy does not share memory with the original
    /// once used.
    package struct Scratch {
        var storage: ScratchStorage?
        /// `storage` without reference counting, for the hot path.
        var unmanaged: Unmanaged<ScratchStorage>?
        /// The tables `storage` is sized for. `storage` keeps them alive, so
        /// no other matcher's tables can have this identity meanwhile.
        var owner: ObjectIdentifier?

        package init() {}

        /// Makes `storage` fit `matcher` and belong to this copy alone.
        @inline(__always)
        mutating func bind(to matcher: PatternMatcher) {
            if owner != matcher.identity || !isKnownUniquelyReferenced(&storage) {
                let s = ScratchStorage(tables: matcher.tables, pathCount: matcher.view.pathCount)
                storage = s
                unmanaged = Unmanaged.passUnretained(s)
                owner = matcher.identity
            }
        }
    }

    /// The indices of the patterns `event` matches, ascending.
    package func match(_ event: EventFields) -> [Int] {
        var scratch = Scratch()
        var matches: [Int] = []
        match(event, into: &matches, scratch: &scratch)
        return matches
    }

    /// Appends to `matches` the indices of the patterns `event` matches, each
    /// once, in ascending order.
    package func match(_ event: EventFields, into matches: inout [Int], scratch: inout Scratch) {
        scratch.bind(to: self)
        scratch.unmanaged.unsafelyUnwrapped._withUnsafeGuaranteedRef { storage in
            let generation = storage.nextGeneration()
            storage.reserve(fields: event.fields.count)
            event.fields.withUnsafeBufferPointer { fieldBuffer in
                event.bytes.withUnsafeBufferPointer { byteBuffer in
                    event.positions.withUnsafeBufferPointer { positionBuffer in
                        run(
                            storage: storage, generation: generation, fields: fieldBuffer,
                            bytes: byteBuffer.baseAddress ?? MatchHash.emptyBytes, positions: positionBuffer,
                            into: &matches)
                    }
                }
            }
        }
    }

    private func run(
        storage: ScratchStorage, generation: UInt32, fields: UnsafeBufferPointer<Field>,
        bytes: UnsafePointer<UInt8>, positions: UnsafeBufferPointer<ArrayPosition>, into matches: inout [Int]
    ) {
        let t = view
        let pathFlags = t.pathFlags
        let pathCount = t.pathCount
        let chainHead = storage.chainHead.base
        let chainNext = storage.chainNext.base
        let present = storage.present.base
        var presentCount = 0
        var anyTrail = false
        var anyFold = false

        // Chain each path's fields in document order; skip paths no state reads.
        var f = fields.count - 1
        while f >= 0 {
            let field = fields[f]
            let p = Int(field.path)
            if p >= 0 && p < pathCount && pathFlags[p] & PathFlags.tested != 0 {
                if chainHead[p] < 0 {
                    present[presentCount] = Int32(p)
                    presentCount += 1
                }
                chainNext[f] = chainHead[p]
                chainHead[p] = Int32(f)
                if field.trailCount > 0 { anyTrail = true }
                if field.kind == .string && pathFlags[p] & PathFlags.folds != 0 { anyFold = true }
            }
            f -= 1
        }
        if anyFold { foldStrings(storage, fields, bytes, pathFlags, present, presentCount) }
        let constrained =
            anyTrail ? bindableArrays(storage, generation, fields, positions, pathFlags, present, presentCount) : false

        var walk = MatchWalk(
            states: t.states, groups: t.groups, affixSpecs: t.affixSpecs,
            lengths: t.lengths, targets: t.targets, accepts: t.accepts,
            absents: t.absents, outcomes: t.outcomes,
            sharedEntries: t.sharedEntries, sharedFilters: t.sharedFilters,
            wildcards: t.wildcards, byteTable: t.byteTable, scalars: t.scalars, ranges: t.ranges,
            exclusions: t.exclusions, exclusionTargets: t.exclusionTargets, fragmentAutomata: t.fragmentAutomata,
            fragments: t.fragments,
            fields: fields.baseAddress ?? MatchWalk.noFields,
            bytes: bytes,
            generation: generation, chainHead: chainHead, chainNext: chainNext, present: present,
            presentCount: presentCount, visited: storage.visited.base, marks: storage.marks.base,
            found: storage.found.base, hashStamp: storage.hashStamp.base, hashValue: storage.hashValue.base,
            foldStart: storage.foldStart.base, foldCount: storage.foldCount.base, foldBytes: storage.foldBytes.base,
            foldHashStamp: storage.foldHashStamp.base, foldHash: storage.foldHash.base,
            numberStamp: storage.numberStamp.base, numberKind: storage.numberKind.base,
            numberValue: storage.numberValue.base, sharedStamp: storage.sharedStamp.base,
            sharedField: storage.sharedField.base, sharedResult: storage.sharedResult.base,
            addressStamp: storage.addressStamp.base, addressFamily: storage.addressFamily.base,
            addressBytes: storage.addressBytes.base, addressGroups: storage.addressGroups.base,
            keyBuffer: storage.keyBuffer.base,
            constrained: constrained, effectiveStart: storage.effectiveStart.base,
            effectiveCount: storage.effectiveCount.base, effectiveArray: storage.effectiveArray.base,
            effectiveIndex: storage.effectiveIndex.base, bound: storage.bound.base, undo: storage.undo.base,
            storage: storage, candidates: storage.candidates.base, candidateCapacity: storage.candidates.count,
            frames: storage.frames.base)
        walk.run()

        for k in 0..<presentCount { chainHead[Int(present[k])] = -1 }

        let found = storage.found.base
        let count = walk.foundCount
        Self.sortInPlace(found, count, buffer: storage.sortBuffer.base)
        matches.reserveCapacity(matches.count + count)
        for i in 0..<count { matches.append(Int(found[i])) }
    }

    /// Sorts `count` pattern ids without allocating (the standard sort may
    /// take its merge buffer from the heap). The list arrives as ascending
    /// runs — each accepting state's patterns are sorted — so this is a
    /// natural merge sort through `buffer` (room for `count`): linear for one
    /// run, O(n log runs) in general; short lists take an insertion sort.
    static func sortInPlace(_ a: UnsafeMutablePointer<Int32>, _ count: Int, buffer: UnsafeMutablePointer<Int32>) {
        if count <= 16 {
            var i = 1
            while i < count {
                let x = a[i]
                var j = i - 1
                while j >= 0 && a[j] > x {
                    a[j + 1] = a[j]
                    j -= 1
                }
                a[j + 1] = x
                i += 1
            }
            return
        }
        var i = 1
        while i < count && a[i - 1] <= a[i] { i += 1 }
        if i == count { return }
        var source = a
        var target = buffer
        while true {
            var runs = 0
            var start = 0
            while start < count {
                var mid = start + 1
                while mid < count && source[mid - 1] <= source[mid] { mid += 1 }
                var end = mid
                if mid < count {
                    end = mid + 1
                    while end < count && source[end - 1] <= source[end] { end += 1 }
                }
                var l = start, r = mid, o = start
                while l < mid && r < end {
                    if source[r] < source[l] {
                        target[o] = source[r]
                        r += 1
                    } else {
                        target[o] = source[l]
                        l += 1
                    }
                    o += 1
                }
                while l < mid { target[o] = source[l]; l += 1; o += 1 }
                while r < end { target[o] = source[r]; r += 1; o += 1 }
                runs += 1
                start = end
            }
            swap(&source, &target)
            if runs == 1 { break }
        }
        if source != a { a.update(from: source, count: count) }
    }

    /// Case-folds every string on a path that some ignore-case test reads.
    private func foldStrings(
        _ storage: ScratchStorage, _ fields: UnsafeBufferPointer<Field>, _ bytes: UnsafePointer<UInt8>,
        _ pathFlags: UnsafePointer<UInt8>, _ present: UnsafeMutablePointer<Int32>, _ presentCount: Int
    ) {
        var used = 0
        for k in 0..<presentCount {
            let p = Int(present[k])
            guard pathFlags[p] & PathFlags.folds != 0 else { continue }
            var f = storage.chainHead.base[p]
            while f >= 0 {
                let field = fields[Int(f)]
                if field.kind == .string {
                    let v = UnsafeBufferPointer(start: bytes + Int(field.valueStart), count: Int(field.valueCount))
                    if storage.foldBytes.count < used + v.count { storage.foldBytes.grow(to: max(used + v.count, storage.foldBytes.count * 2, 256), fill: 0) }
                    let out = storage.foldBytes.base + used
                    var ascii = true
                    for i in 0..<v.count {
                        let b = v[i]
                        if b >= 0x80 { ascii = false; break }
                        out[i] = b &- 0x41 < 26 ? b | 0x20 : b
                    }
                    var count = v.count
                    if !ascii {
                        let folded = CaseFolding.fold(v)
                        if storage.foldBytes.count < used + folded.count {
                            storage.foldBytes.grow(to: max(used + folded.count, storage.foldBytes.count * 2), fill: 0)
                        }
                        let dst = storage.foldBytes.base + used
                        for i in 0..<folded.count { dst[i] = folded[i] }
                        count = folded.count
                    }
                    storage.foldStart.base[Int(f)] = Int32(used)
                    storage.foldCount.base[Int(f)] = Int32(count)
                    used += count
                }
                f = storage.chainNext.base[Int(f)]
            }
        }
    }

    /// Finds the arrays that can constrain a choice (see `MatchWalk`) and each
    /// chained field's positions in them; false when there are none.
    private func bindableArrays(
        _ storage: ScratchStorage, _ generation: UInt32, _ fields: UnsafeBufferPointer<Field>,
        _ positions: UnsafeBufferPointer<ArrayPosition>, _ pathFlags: UnsafePointer<UInt8>,
        _ present: UnsafeMutablePointer<Int32>, _ presentCount: Int
    ) -> Bool {
        var arrays = 0
        for position in positions where Int(position.array) >= arrays { arrays = Int(position.array) + 1 }
        storage.reserve(arrays: arrays, positions: positions.count)
        let stamp = storage.arrayStamp.base
        let owner = storage.arrayOwner.base
        let shared = storage.arrayShared.base
        let bound = storage.bound.base
        let chainHead = storage.chainHead.base
        let chainNext = storage.chainNext.base
        var anyShared = false
        for k in 0..<presentCount {
            let p = present[k]
            let multi: UInt8 = pathFlags[Int(p)] & PathFlags.multiStep != 0 ? 1 : 0
            var f = chainHead[Int(p)]
            while f >= 0 {
                let field = fields[Int(f)]
                var i = Int(field.trailStart)
                while i < Int(field.trailStart + field.trailCount) {
                    let a = Int(positions[i].array)
                    if a >= 0 {
                        if stamp[a] != generation {
                            stamp[a] = generation
                            owner[a] = p
                            shared[a] = multi
                            bound[a] = -1
                        } else if owner[a] != p {
                            shared[a] = 1
                        }
                        if shared[a] != 0 { anyShared = true }
                    }
                    i += 1
                }
                f = chainNext[Int(f)]
            }
        }
        guard anyShared else { return false }
        let start = storage.effectiveStart.base
        let count = storage.effectiveCount.base
        let array = storage.effectiveArray.base
        let index = storage.effectiveIndex.base
        var top = 0
        for k in 0..<presentCount {
            var f = chainHead[Int(present[k])]
            while f >= 0 {
                let field = fields[Int(f)]
                start[Int(f)] = Int32(top)
                var i = Int(field.trailStart)
                while i < Int(field.trailStart + field.trailCount) {
                    let a = Int(positions[i].array)
                    if a >= 0 && shared[a] != 0 {
                        array[top] = Int32(a)
                        index[top] = positions[i].index
                        top += 1
                    }
                    i += 1
                }
                count[Int(f)] = Int32(top) - start[Int(f)]
                f = chainNext[Int(f)]
            }
        }
        return true
    }
}
