/// One event's walk through the automaton.
///
/// Depth-first from the start state, on an explicit stack (`run`). On
/// entering a state, for each path it tests, the walk takes the event's
/// fields on that path (chained per path once per event), asks the group's
/// value index which states each field leads to, and collects those as
/// candidates; it then enters each candidate in turn with its field *chosen*.
///
/// Array consistency (aws/event-ruler's rule): the fields chosen along one
/// path through the automaton must agree on every array they share — same
/// array, same element index. The walk keeps the element index bound for each
/// array on an undo stack. Only arrays that can ever constrain are tracked:
/// an array holding fields of two or more different paths (an array of
/// objects whose members several steps read), or one on a path that some
/// conjunction reads twice. Every other array (a list of tags, an array of
/// objects with one named member) can never hold two chosen fields, so events
/// without arrays of objects pay nothing.
///
/// Memoization: a state reached while no array is bound has all its matches
/// found at once; a later arrival (bound or not) finds nothing new, since a
/// binding only removes choices.
struct MatchWalk {
    // Automaton. Copied out of `TableView` field by field rather than held as one: holding
    // the view measured 3–4% slower on `bench match` (one more indirection per lookup).
    let states: UnsafePointer<StateRecord>
    let groups: UnsafePointer<GroupRecord>
    let affixSpecs: UnsafePointer<AffixSpec>
    let lengths: UnsafePointer<Int32>
    let targets: UnsafePointer<Int32>
    let accepts: UnsafePointer<Int32>
    let absents: UnsafePointer<AbsentRecord>
    let outcomes: UnsafePointer<Outcome>
    let sharedEntries: UnsafePointer<SharedFilterEntry>
    let sharedFilters: UnsafePointer<ContentFilter>
    let wildcards: UnsafePointer<WildcardPattern>
    let byteTable: ByteEntryView
    let scalars: ScalarView
    let ranges: RangeIndexView
    let exclusions: UnsafePointer<ExclusionRecord>
    let exclusionTargets: UnsafePointer<TargetRun>
    let fragmentAutomata: UnsafePointer<Int32>
    let fragments: FragmentAutomataView
    // Event.
    let fields: UnsafePointer<Field>
    let bytes: UnsafePointer<UInt8>
    // Scratch.
    let generation: UInt32
    let chainHead: UnsafeMutablePointer<Int32>
    let chainNext: UnsafeMutablePointer<Int32>
    let present: UnsafeMutablePointer<Int32>
    let presentCount: Int
    let visited: UnsafeMutablePointer<UInt32>
    let marks: UnsafeMutablePointer<UInt32>
    let found: UnsafeMutablePointer<Int32>
    var foundCount = 0
    let hashStamp: UnsafeMutablePointer<UInt32>
    let hashValue: UnsafeMutablePointer<UInt64>
    let foldStart: UnsafeMutablePointer<Int32>
    let foldCount: UnsafeMutablePointer<Int32>
    let foldBytes: UnsafeMutablePointer<UInt8>
    let foldHashStamp: UnsafeMutablePointer<UInt32>
    let foldHash: UnsafeMutablePointer<UInt64>
    let numberStamp: UnsafeMutablePointer<UInt32>
    let numberKind: UnsafeMutablePointer<UInt8>
    let numberValue: UnsafeMutablePointer<Double>
    let sharedStamp: UnsafeMutablePointer<UInt32>
    let sharedField: UnsafeMutablePointer<Int32>
    let sharedResult: UnsafeMutablePointer<UInt8>
    let addressStamp: UnsafeMutablePointer<UInt32>
    let addressFamily: UnsafeMutablePointer<UInt8>
    let addressBytes: UnsafeMutablePointer<UInt8>
    let addressGroups: UnsafeMutablePointer<UInt16>
    let keyBuffer: UnsafeMutablePointer<UInt8>
    let constrained: Bool
    let effectiveStart: UnsafeMutablePointer<Int32>
    let effectiveCount: UnsafeMutablePointer<Int32>
    let effectiveArray: UnsafeMutablePointer<Int32>
    let effectiveIndex: UnsafeMutablePointer<Int32>
    let bound: UnsafeMutablePointer<Int32>
    let undo: UnsafeMutablePointer<Int32>
    var undoTop = 0
    // The explicit stack.
    unowned(unsafe) let storage: ScratchStorage
    var candidates: UnsafeMutablePointer<WalkCandidate>
    var candidateCapacity: Int
    var candidateTop = 0
    let frames: UnsafeMutablePointer<WalkFrame>
    var frameTop = 0
    var currentField: Int32 = -1
    // An exclusion lookup in progress (see `stepExclusions`): hits mark filters
    // instead of collecting states.
    var excluding = false
    var exclusionBase = 0
    var exclusionToken: UInt32 = 0
    var complementTop = 0

    /// Stands in for the field buffer of an event without fields (never read).
    nonisolated(unsafe) static let noFields = UnsafePointer(UnsafeMutablePointer<Field>.allocate(capacity: 1))

    // Number kinds cached per field.
    static let numberInvalid: UInt8 = 0
    static let numberComparable: UInt8 = 1
    static let numberText: UInt8 = 2

    /// Walks the automaton from the start state: an explicit stack of
    /// frames, one per state on the current path, each holding the
    /// (next state, chosen field) candidates collected when its state was
    /// entered. Depth is bounded by the longest conjunction, whatever the event.
    mutating func run() {
        enter(0)
        while frameTop > 0 {
            let fi = frameTop - 1
            let frame = frames[fi]
            if frame.next == frame.end {
                undo(to: Int(frame.undoMark))
                candidateTop = Int(frame.start)
                frameTop = fi
                continue
            }
            frames[fi].next = frame.next + 1
            let c = candidates[Int(frame.next)]
            undo(to: Int(frame.undoMark))
            if c.field >= 0 && constrained { bind(Int(c.field)) }
            enter(c.target)
        }
    }

    /// Reaches state `s`: records its patterns and collects its candidates.
    mutating func enter(_ s: Int32) {
        let si = Int(s)
        if visited[si] == generation { return }
        if undoTop == 0 { visited[si] = generation }
        let state = states[si]

        var i = Int(state.acceptStart)
        var end = i + Int(state.acceptCount)
        while i < end {
            let p = Int(accepts[i])
            if marks[p] != generation {
                marks[p] = generation
                found[foundCount] = Int32(p)
                foundCount += 1
            }
            i += 1
        }

        let start = candidateTop
        i = Int(state.absentStart)
        end = i + Int(state.absentCount)
        currentField = -1
        while i < end {
            let a = absents[i]
            if chainHead[Int(a.path)] < 0 { push(a.target) }
            i += 1
        }

        let gs = Int(state.groupStart)
        let gc = Int(state.groupCount)
        if gc > 8 && presentCount < gc {
            // Many paths tested here, few present in the event: look the
            // event's paths up among the groups (sorted by path).
            for k in 0..<presentCount {
                let path = present[k]
                var lo = gs
                var hi = gs + gc
                while lo < hi {
                    let mid = (lo + hi) >> 1
                    if groups[mid].path < path { lo = mid + 1 } else { hi = mid }
                }
                if lo < gs + gc && groups[lo].path == path { collect(lo) }
            }
        } else {
            var g = gs
            while g < gs + gc {
                collect(g)
                g += 1
            }
        }
        if candidateTop > start {
            frames[frameTop] = WalkFrame(
                start: Int32(start), next: Int32(start), end: Int32(candidateTop), undoMark: Int32(undoTop))
            frameTop += 1
        }
    }

    /// Collects the candidates of group `gi`: each field on its path that
    /// agrees with the arrays bound so far, with the states it leads to.
    @inline(__always)
    mutating func collect(_ gi: Int) {
        var f = chainHead[Int(groups[gi].path)]
        while f >= 0 {
            if consistent(Int(f)) {
                currentField = f
                step(gi, Int(f))
            }
            f = chainNext[Int(f)]
        }
    }

    @inline(__always)
    func consistent(_ f: Int) -> Bool {
        if constrained {
            let c = Int(effectiveCount[f])
            if c > 0 {
                let start = Int(effectiveStart[f])
                for k in start..<(start + c) {
                    let b = bound[Int(effectiveArray[k])]
                    if b >= 0 && b != effectiveIndex[k] { return false }
                }
            }
        }
        return true
    }

    /// Binds the arrays of field `f` (already known to be consistent).
    @inline(__always)
    mutating func bind(_ f: Int) {
        let c = Int(effectiveCount[f])
        guard c > 0 else { return }
        let start = Int(effectiveStart[f])
        for k in start..<(start + c) {
            let a = Int(effectiveArray[k])
            if bound[a] < 0 {
                bound[a] = effectiveIndex[k]
                undo[undoTop] = Int32(a)
                undoTop += 1
            }
        }
    }

    @inline(__always)
    mutating func undo(to mark: Int) {
        while undoTop > mark {
            undoTop -= 1
            bound[Int(undo[undoTop])] = -1
        }
    }

    /// Adds state `t`, reached with `currentField`, to the candidates.
    @inline(__always)
    mutating func push(_ t: Int32) {
        if candidateTop == candidateCapacity { growCandidates() }
        candidates[candidateTop] = WalkCandidate(target: t, field: currentField)
        candidateTop += 1
    }

    @inline(never)
    mutating func growCandidates() {
        storage.candidates.grow(to: max(candidateCapacity * 2, 64), fill: WalkCandidate(target: 0, field: 0))
        candidates = storage.candidates.base
        candidateCapacity = storage.candidates.count
    }

    /// Collects every transition of group `gi` that field `f` satisfies.
    ///
    /// Only the exact lookup is inlined here; the rarer indexes are in helpers.
    mutating func step(_ gi: Int, _ f: Int) {
        let g = groups[gi]
        let field = fields[f]
        if g.anyCount != 0 { visitTargets(g.anyStart, g.anyCount) }
        switch field.kind {
        case .string:
            let v = bytes + Int(field.valueStart)
            let n = Int(field.valueCount)
            if g.flags & GroupRecord.exact != 0 {
                let owner = ByteTag.owner(group: Int32(gi), tag: .exact)
                let hit = byteTable.find(owner: owner, hash: MatchHash.owned(valueHash(f, v, n), owner: owner), key: v, count: n)
                if hit.count != 0 { visitHit(hit, v, n) }
            }
            if g.affixCount != 0 || g.floatingCount != 0 || g.cidrCount != 0 || g.flags & GroupRecord.foldedExact != 0 {
                stepAnchored(gi, f, v, n)
            }
        case .number:
            if g.flags & GroupRecord.numbers != 0 { stepNumber(gi, f, field) }
            if g.rangeIndex >= 0 { stepRanges(Int(g.rangeIndex), f, field) }
        case .true:
            if g.flags & GroupRecord.true != 0 { scalar(gi, .true) }
        case .false:
            if g.flags & GroupRecord.false != 0 { scalar(gi, .false) }
        case .null:
            if g.flags & GroupRecord.null != 0 { scalar(gi, .null) }
        }
        if g.sharedCount != 0 { stepShared(gi, f, field) }
        if g.exclusionIndex >= 0 { stepExclusions(Int(g.exclusionIndex), f) }
    }

    /// Prefixes, suffixes (plain and folded), folded exact strings and
    /// unanchored wildcards of group `gi` on string field `f`.
    @inline(never)
    mutating func stepAnchored(_ gi: Int, _ f: Int, _ v: UnsafePointer<UInt8>, _ n: Int) {
        let g = groups[gi]
        var k = Int(g.affixStart)
        let end = k + Int(g.affixCount)
        while k < end {
            let spec = affixSpecs[k]
            let value = spec.folded ? UnsafePointer(foldBytes + Int(foldStart[f])) : v
            let count = spec.folded ? Int(foldCount[f]) : n
            byteTable.forEachAnchored(
                owner: UInt32(truncatingIfNeeded: gi) << 3 | spec.tag, backward: spec.backward,
                lengths: lengths + Int(spec.lengthStart), lengthCount: Int(spec.lengthCount),
                value: value, count: count
            ) { hit in
                self.visitHit(hit, v, n)
            }
            k += 1
        }
        if g.flags & GroupRecord.foldedExact != 0 {
            let owner = ByteTag.owner(group: Int32(gi), tag: .foldedExact)
            let fv = foldBytes + Int(foldStart[f])
            let fn = Int(foldCount[f])
            if foldHashStamp[f] != generation {
                foldHashStamp[f] = generation
                foldHash[f] = MatchHash.whole(fv, fn)
            }
            let hit = byteTable.find(owner: owner, hash: MatchHash.owned(foldHash[f], owner: owner), key: fv, count: fn)
            if hit.count != 0 { visitHit(hit, v, n) }
        }
        if g.floatingCount != 0 {
            if g.fragmentAutomaton >= 0 {
                scanFragments(Int(g.fragmentAutomaton), v, n)
            } else {
                visitOutcomes(Int(g.floatingStart), Int(g.floatingCount), v, n)
            }
        }
        if g.cidrCount != 0 {
            if addressStamp[f] != generation {
                addressStamp[f] = generation
                addressFamily[f] = UInt8(IPAddressText.parse(v, n, into: addressBytes + 16 * f, groups: addressGroups))
            }
            let family = Int(addressFamily[f])
            guard family != 0 else { return }
            let owner = ByteTag.owner(group: Int32(gi), tag: .cidr)
            var k = Int(g.cidrStart)
            let end = k + Int(g.cidrCount)
            while k < end {
                let shape = lengths[k]
                if Int(shape >> 8) == family {
                    let count = CIDRIndex.maskedKey(addressBytes + 16 * f, family: family, bits: Int(shape & 0xFF), into: keyBuffer)
                    let hit = byteTable.find(
                        owner: owner, hash: MatchHash.owned(MatchHash.whole(keyBuffer, count), owner: owner),
                        key: keyBuffer, count: count)
                    if hit.count != 0 { visitHit(hit, v, n) }
                }
                k += 1
            }
        }
    }

    /// Exact numbers of group `gi` on number field `f`.
    @inline(never)
    mutating func stepNumber(_ gi: Int, _ f: Int, _ field: Field) {
        let g = groups[gi]
        let kind = parseNumber(f, field)
        if kind == Self.numberComparable {
            if g.flags & GroupRecord.comparable != 0 {
                let hit = scalars.find(group: Int32(gi), tag: ScalarTag.comparable.rawValue, bits: numberValue[f].bitPattern)
                if hit.count != 0 { visitTargets(Int32(hit.start), Int32(hit.count)) }
            }
        } else if kind == Self.numberText && g.flags & GroupRecord.numberText != 0 {
            let v = bytes + Int(field.valueStart)
            let n = Int(field.valueCount)
            let owner = ByteTag.owner(group: Int32(gi), tag: .numberText)
            let hit = byteTable.find(owner: owner, hash: MatchHash.owned(valueHash(f, v, n), owner: owner), key: v, count: n)
            if hit.count != 0 { visitHit(hit, v, n) }
        }
    }

    /// The shared (non-indexed) filters of group `gi` on field `f`.
    @inline(never)
    mutating func stepShared(_ gi: Int, _ f: Int, _ field: Field) {
        let g = groups[gi]
        var k = Int(g.sharedStart)
        let end = k + Int(g.sharedCount)
        while k < end {
            let e = sharedEntries[k]
            if sharedMatches(Int(e.filter), f, field) { visitTargets(e.targetStart, e.targetCount) }
            k += 1
        }
    }

    /// The `numeric` ranges of range index `r` on number field `f`.
    @inline(never)
    mutating func stepRanges(_ r: Int, _ f: Int, _ field: Field) {
        guard parseNumber(f, field) == Self.numberComparable else { return }
        ranges.forEachRun(r, numberValue[f]) { start, count in self.visitTargets(start, count) }
    }

    /// The unanchored wildcards of fragment automaton `a` whose piece occurs
    /// in the value, each confirmed once.
    @inline(never)
    mutating func scanFragments(_ a: Int, _ v: UnsafePointer<UInt8>, _ n: Int) {
        let token = storage.nextFragmentProbe()
        let stamps = storage.outcomeStamp.base
        fragments.forEachOccurrence(fragmentAutomata[a], v, n) { o in
            if stamps[Int(o)] != token {
                stamps[Int(o)] = token
                self.visitOutcomes(Int(o), 1, v, n)
            }
        }
    }

    /// The `anything-but` filters of exclusion index `x` on field `f` (see
    /// `ExclusionIndex`): looks the value up in the pseudo-group, where hits
    /// mark the filters that exclude it (`exclude`), then collects the states
    /// of every other filter.
    @inline(never)
    mutating func stepExclusions(_ x: Int, _ f: Int) {
        let record = exclusions[x]
        let token = storage.nextExclusionProbe()
        exclusionBase = Int(record.filterStart)
        exclusionToken = token
        complementTop = 0
        if record.group >= 0 {
            excluding = true
            step(Int(record.group), f)
            excluding = false
        }
        let excluded = storage.excluded.base + exclusionBase
        let runs = exclusionTargets + exclusionBase
        if complementTop == 0 {
            for i in 0..<Int(record.filterCount) where excluded[i] != token {
                visitTargets(runs[i].start, runs[i].count)
            }
            return
        }
        // Only filters on every complement list hit can hold.
        let lists = storage.complements.base
        if complementTop == 1 {
            let s = Int(lists[0])
            let n = Int(-targets[s] - 1)
            var k = s + 1
            while k <= s + n {
                let i = Int(targets[k])
                if excluded[i] != token { visitTargets(runs[i].start, runs[i].count) }
                k += 1
            }
            return
        }
        let agreed = storage.agreed.base + exclusionBase
        let agreeCount = storage.agreeCount.base + exclusionBase
        for c in 0..<complementTop {
            let s = Int(lists[c])
            let n = Int(-targets[s] - 1)
            var k = s + 1
            while k <= s + n {
                let i = Int(targets[k])
                if c == 0 {
                    agreed[i] = token
                    agreeCount[i] = 1
                } else if agreed[i] == token && agreeCount[i] == Int32(c) {
                    agreeCount[i] = Int32(c + 1)
                    if c + 1 == complementTop && excluded[i] != token { visitTargets(runs[i].start, runs[i].count) }
                }
                k += 1
            }
        }
    }

    /// Marks what an exclusion key's list says (see `ExclusionList`).
    @inline(never)
    mutating func exclude(_ start: Int) {
        let header = Int(targets[start])
        if header >= 0 {
            let excluded = storage.excluded.base + exclusionBase
            var k = start + 1
            while k <= start + header {
                excluded[Int(targets[k])] = exclusionToken
                k += 1
            }
        } else {
            if complementTop == storage.complements.count {
                storage.complements.grow(to: storage.complements.count * 2, fill: 0)
            }
            storage.complements.base[complementTop] = Int32(start)
            complementTop += 1
        }
    }

    @inline(__always)
    mutating func scalar(_ gi: Int, _ tag: ScalarTag) {
        let hit = scalars.find(group: Int32(gi), tag: tag.rawValue, bits: 0)
        if hit.count != 0 { visitTargets(Int32(hit.start), Int32(hit.count)) }
    }

    /// Collects a run of next states (`count == -1`: `start` is the one state);
    /// during an exclusion lookup, marks the run's filters instead.
    @inline(__always)
    mutating func visitTargets(_ start: Int32, _ count: Int32) {
        if count < 0 {
            push(start)
            return
        }
        if excluding {
            exclude(Int(start))
            return
        }
        var i = Int(start)
        let end = i + Int(count)
        while i < end {
            push(targets[i])
            i += 1
        }
    }

    /// Collects the states of a byte-table hit.
    @inline(__always)
    mutating func visitHit(_ hit: ByteHit, _ v: UnsafePointer<UInt8>, _ n: Int) {
        if hit.payload & ByteHit.direct != 0 {
            push(Int32(bitPattern: hit.payload & ~ByteHit.direct))
        } else {
            visitOutcomes(Int(hit.payload), Int(hit.count), v, n)
        }
    }

    /// Collects the targets of each outcome, confirming wildcards on the raw value.
    @inline(never)
    mutating func visitOutcomes(_ start: Int, _ count: Int, _ v: UnsafePointer<UInt8>, _ n: Int) {
        var i = start
        while i < start + count {
            let o = outcomes[i]
            if o.wildcard < 0 || wildcards[Int(o.wildcard)].matches(UnsafeBufferPointer(start: v, count: n)) {
                visitTargets(o.targetStart, o.targetCount)
            }
            i += 1
        }
    }

    @inline(__always)
    func valueHash(_ f: Int, _ v: UnsafePointer<UInt8>, _ n: Int) -> UInt64 {
        if hashStamp[f] == generation { return hashValue[f] }
        let h = MatchHash.whole(v, n)
        hashStamp[f] = generation
        hashValue[f] = h
        return h
    }

    /// The kind of number field `f` (cached for the event), its value in `numberValue[f]`.
    @inline(__always)
    func parseNumber(_ f: Int, _ field: Field) -> UInt8 {
        if numberStamp[f] == generation { return numberKind[f] }
        let v = bytes + Int(field.valueStart)
        let n = Int(field.valueCount)
        var kind = Self.numberInvalid
        if let d = NumberLiteral.fastValue(v, n) {
            kind = Self.numberComparable
            numberValue[f] = d
        } else if let c = ComparableNumber(jsonLiteral: UnsafeBufferPointer(start: v, count: n)) {
            if c.isComparable {
                kind = Self.numberComparable
                numberValue[f] = c.value
            } else {
                kind = Self.numberText
            }
        }
        numberStamp[f] = generation
        numberKind[f] = kind
        return kind
    }

    /// A shared filter's verdict on field `f`, memoized for the event.
    @inline(__always)
    func sharedMatches(_ id: Int, _ f: Int, _ field: Field) -> Bool {
        if sharedStamp[id] == generation && sharedField[id] == Int32(f) { return sharedResult[id] != 0 }
        let filter = sharedFilters + id
        var result: Bool? = nil
        if field.kind == .number {
            let kind = parseNumber(f, field)
            let parsed: ParsedNumber =
                kind == Self.numberComparable ? .comparable(numberValue[f]) : kind == Self.numberText ? .text : .invalid
            result = filter.pointee.matchesNumber(parsed)
        }
        let r = result ?? filter.pointee.matches(field.kind, UnsafeBufferPointer(start: bytes + Int(field.valueStart), count: Int(field.valueCount)))
        sharedStamp[id] = generation
        sharedField[id] = Int32(f)
        sharedResult[id] = r ? 1 : 0
        return r
    }
}

/// A state to enter and the field chosen on the way (-1: none, for `exists: false`).
struct WalkCandidate {
    var target: Int32
    var field: Int32
}

/// One state on the walk's current path: its candidates are
/// `candidates[start..<end]`, the next to try at `next`; `undoMark` is the
/// binding depth on entering it.
struct WalkFrame {
    var start: Int32
    var next: Int32
    var end: Int32
    var undoMark: Int32
}
