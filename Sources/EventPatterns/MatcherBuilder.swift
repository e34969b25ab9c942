/// Compiles patterns into the automaton of `PatternMatcher`.
///
/// 1. Every pattern is multiplied out into its alternatives (disjunctive
///    normal form over `$or`): each a conjunction of field conditions.
/// 2. A conjunction becomes a set of *steps*, a step being one path and the
///    set of filters any one of which must hold there. Identical steps merge;
///    `exists: true` next to other filters of its condition is all the
///    condition says (any scalar), and an `exists: true` step is dropped when
///    another step on the same path needs a value anyway. Two different steps
///    on one path stay two steps: each must hold, possibly on different values.
/// 3. Steps of a conjunction are put in one global order — most selective
///    class first (exact values; then prefixes, suffixes, anchored wildcards
///    and cidr; numeric and unanchored wildcards; anything-but; "any value";
///    absence last), within a class the step shared by most conjunctions
///    first, ties by a canonical text — and conjunctions are inserted into a
///    trie keyed by step, so identical step prefixes share states.
/// 4. Each state's transitions are grouped by path, and each group compiled
///    into its value index (see `GroupRecord`).
struct MatcherBuilder {
    private(set) var paths = FieldPaths()

    private struct StepKey: Hashable {
        var path: Int32
        var filters: Set<ContentFilter>
    }

    private struct StepInfo {
        var path: Int32
        var filters: [ContentFilter]
        var rank: Int
        var frequency = 0
        var canonical = ""
    }

    private var stepIds: [StepKey: Int32] = [:]
    private var steps: [StepInfo] = []
    private var conjunctions: [(pattern: Int32, steps: [Int32])] = []
    private var patternCount = 0

    init() {}

    mutating func add(_ pattern: EventPattern) throws(PatternError) {
        let index = Int32(patternCount)
        patternCount += 1
        let alternatives = pattern.alternativeCount
        if alternatives > PatternLimits.maxAlternatives {
            throw PatternError(
                path: "",
                message:
                    "pattern \(index) too big: its $or groups multiply out to \(alternatives) alternatives (limit \(PatternLimits.maxAlternatives))"
            )
        }
        for conjunction in Self.expand(pattern) {
            if let s = normalize(conjunction) {
                for id in s { steps[Int(id)].frequency += 1 }
                conjunctions.append((index, s))
            }
        }
    }

    /// The conjunctions of field conditions a pattern stands for.
    static func expand(_ p: EventPattern) -> [[FieldCondition]] {
        var out: [[FieldCondition]] = [p.conditions]
        for group in p.anyOf {
            var alternatives: [[FieldCondition]] = []
            for branch in group { alternatives += expand(branch) }
            var next: [[FieldCondition]] = []
            next.reserveCapacity(out.count * alternatives.count)
            for o in out {
                for a in alternatives { next.append(o + a) }
            }
            out = next
        }
        return out
    }

    /// The step ids of one conjunction, or nil when it can never hold.
    private mutating func normalize(_ conditions: [FieldCondition]) -> [Int32]? {
        var byPath: [Int32: [Set<ContentFilter>]] = [:]
        var order: [Int32] = []
        for c in conditions {
            var set = Set(c.filters)
            if set.isEmpty { return nil }
            if set.contains(.exists(true)) {
                set = set.filter { $0 == .exists(true) || $0 == .exists(false) }
            }
            let path = paths.insert(c.path)
            if byPath[path] == nil { order.append(path) }
            if !(byPath[path, default: []].contains(set)) { byPath[path, default: []].append(set) }
        }
        var result: [Int32] = []
        for path in order {
            var sets = byPath[path]!
            let any: Set<ContentFilter> = [.exists(true)]
            if sets.count > 1 && sets.contains(any) && sets.contains(where: { $0 != any && !$0.contains(.exists(false)) }) {
                sets.removeAll { $0 == any }
            }
            for set in sets {
                let key = StepKey(path: path, filters: set)
                if let id = stepIds[key] {
                    result.append(id)
                } else {
                    let id = Int32(steps.count)
                    stepIds[key] = id
                    steps.append(StepInfo(path: path, filters: Array(set), rank: set.map(Self.rank).max() ?? 0))
                    result.append(id)
                }
            }
        }
        return result
    }

    /// Selectivity class of a filter: lower is tested earlier.
    static func rank(_ f: ContentFilter) -> Int {
        switch f {
        case .string, .number, .boolean, .null, .equalsIgnoreCase:
            return 0
        case .prefix(let s, _), .suffix(let s, _):
            return s.isEmpty ? 4 : 1
        case .wildcard(let w):
            switch WildcardPlacement(w) {
            case .exact: return 0
            case .prefix(let k), .suffix(let k): return k.isEmpty ? 4 : 1
            case .anchored: return 1
            case .floating: return 2
            }
        case .cidr:
            return 1
        case .numeric:
            return 2
        case .anythingBut:
            return 3
        case .exists(let present):
            return present ? 4 : 5
        }
    }

    func build() -> CompiledTables {
        var steps = self.steps
        for i in steps.indices {
            let path = paths.segments(of: steps[i].path).joined(separator: "\u{1}")
            let filters = steps[i].filters.map { String(describing: $0) }.sorted().joined(separator: "\u{2}")
            steps[i].canonical = path + "\u{0}" + filters
        }
        func before(_ a: Int32, _ b: Int32) -> Bool {
            let x = steps[Int(a)], y = steps[Int(b)]
            if x.rank != y.rank { return x.rank < y.rank }
            if x.frequency != y.frequency { return x.frequency > y.frequency }
            if x.canonical != y.canonical { return x.canonical < y.canonical }
            return a < b
        }

        // The trie.
        var children: [[Int32: Int32]] = [[:]]
        var accepting: [Set<Int32>] = [[]]
        var multiStep = Set<Int32>()
        for (pattern, conjunction) in conjunctions {
            var state: Int32 = 0
            var seenPaths = Set<Int32>()
            for id in conjunction.sorted(by: before) {
                if !seenPaths.insert(steps[Int(id)].path).inserted { multiStep.insert(steps[Int(id)].path) }
                if let next = children[Int(state)][id] {
                    state = next
                } else {
                    let next = Int32(children.count)
                    children.append([:])
                    accepting.append([])
                    children[Int(state)][id] = next
                    state = next
                }
            }
            accepting[Int(state)].insert(pattern)
        }

        // States, groups and their indexes.
        var states: [StateRecord] = []
        var groups: [GroupRecord] = []
        var affixSpecs: [AffixSpec] = []
        var lengths: [Int32] = []
        var targets: [Int32] = []
        var accepts: [Int32] = []
        var absents: [AbsentRecord] = []
        var outcomes: [Outcome] = []
        var sharedEntries: [SharedFilterEntry] = []
        var byteEntries: [ByteEntryTable.Entry] = []
        var scalarEntries: [ScalarTable.Entry] = []
        var wildcards = WildcardTable()
        var shared = SharedFilterTable()
        var pathFlags = [UInt8](repeating: 0, count: paths.count)
        for p in multiStep { pathFlags[Int(p)] |= PathFlags.multiStep }

        /// A run of next states: `(start, count)` in `targets`, or for a
        /// single state `(state, -1)`, which saves the walk a load.
        func emit(_ set: Set<Int32>) -> (Int32, Int32) {
            if set.count == 1 { return (set.first!, -1) }
            let start = Int32(targets.count)
            targets.append(contentsOf: set.sorted())
            return (start, Int32(set.count))
        }

        for s in children.indices {
            precondition(groups.count < 1 << 28, "too many (state, path) groups for the byte table's owner ids")
            var record = StateRecord()
            record.acceptStart = Int32(accepts.count)
            accepts.append(contentsOf: accepting[s].sorted())
            record.acceptCount = Int32(accepting[s].count)

            var byPath: [Int32: [(step: Int32, target: Int32)]] = [:]
            for (step, target) in children[s] { byPath[steps[Int(step)].path, default: []].append((step, target)) }

            var stateAbsents: [AbsentRecord] = []
            record.groupStart = Int32(groups.count)
            for path in byPath.keys.sorted() {
                let groupId = Int32(groups.count)
                var keys = ByteKeyCollector()
                var scalars: [ScalarKey: Set<Int32>] = [:]
                var floating: [Int32: Set<Int32>] = [:]
                var sharedTargets: [Int32: Set<Int32>] = [:]
                var any = Set<Int32>()
                var anchored: [(w: WildcardPattern, head: [UInt8], tail: [UInt8], target: Int32)] = []
                var cidrShapes = Set<Int32>()
                for (step, target) in byPath[path]! {
                    for filter in steps[Int(step)].filters {
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
                            if ignoringCase {
                                keys.add(.foldedForward, CaseFolding.fold(v), target: target)
                            } else {
                                keys.add(.forward, Array(v.utf8), target: target)
                            }
                        case .suffix(let v, let ignoringCase):
                            if ignoringCase {
                                keys.add(.foldedBackward, CaseFolding.fold(v), target: target)
                            } else {
                                keys.add(.backward, Array(v.utf8), target: target)
                            }
                        case .equalsIgnoreCase(let v):
                            keys.add(.foldedExact, CaseFolding.fold(v), target: target)
                        case .wildcard(let w):
                            switch WildcardPlacement(w) {
                            case .exact(let k): keys.add(.exact, k, target: target)
                            case .prefix(let k): keys.add(.forward, k, target: target)
                            case .suffix(let k): keys.add(.backward, k, target: target)
                            case .anchored(let head, let tail): anchored.append((w, head, tail, target))
                            case .floating: floating[wildcards.id(w), default: []].insert(target)
                            }
                        case .exists(true):
                            any.insert(target)
                        case .exists(false):
                            stateAbsents.append(AbsentRecord(path: path, target: target))
                        case .cidr(let block):
                            keys.add(.cidr, CIDRIndex.key(block), target: target)
                            cidrShapes.insert(CIDRIndex.shape(block))
                        case .numeric(let r) where r.lower != nil && r.lower == r.upper && r.lower!.inclusive
                            && r.lower!.value.isComparable:
                            // A single point is an exact number (both need a comparable number equal to it).
                            scalars[ScalarKey(tag: .comparable, bits: r.lower!.value.value.bitPattern), default: []].insert(target)
                        case .anythingBut, .numeric:
                            sharedTargets[shared.id(filter), default: []].insert(target)
                        }
                    }
                }
                if !anchored.isEmpty {
                    var heads: [[UInt8]: Set<WildcardPattern>] = [:]
                    var tails: [[UInt8]: Set<WildcardPattern>] = [:]
                    for a in anchored {
                        if !a.head.isEmpty { heads[a.head, default: []].insert(a.w) }
                        if !a.tail.isEmpty { tails[a.tail, default: []].insert(a.w) }
                    }
                    for a in anchored {
                        let id = wildcards.id(a.w)
                        if WildcardPlacement.prefersTail(
                            head: a.head, tail: a.tail, headCount: heads[a.head]?.count ?? 0, tailCount: tails[a.tail]?.count ?? 0)
                        {
                            keys.add(.backward, a.tail, wildcard: id, target: a.target)
                        } else {
                            keys.add(.forward, a.head, wildcard: id, target: a.target)
                        }
                    }
                }
                pathFlags[Int(path)] |= PathFlags.tested
                let hasValueTests =
                    !keys.keys.isEmpty || !scalars.isEmpty || !floating.isEmpty || !sharedTargets.isEmpty || !any.isEmpty
                guard hasValueTests else { continue }  // only absence transitions on this path

                var group = GroupRecord()
                group.path = path
                for (tag, byKey) in keys.keys {
                    for (key, byWildcard) in byKey {
                        var payload = UInt32(outcomes.count)
                        if byWildcard.count == 1, let only = byWildcard[-1], only.count == 1 {
                            payload = ByteHit.direct | UInt32(only.first!)
                        } else {
                            for w in byWildcard.keys.sorted() {
                                let (ts, tc) = emit(byWildcard[w]!)
                                outcomes.append(Outcome(wildcard: w, targetStart: ts, targetCount: tc))
                            }
                        }
                        let owner = ByteTag.owner(group: groupId, tag: tag)
                        byteEntries.append(
                            ByteEntryTable.Entry(
                                owner: owner, key: key, hash: ByteEntryTable.hash(of: key, tag: tag, owner: owner),
                                payload: payload, payloadCount: UInt32(byWildcard.count)))
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
                    let (ts, tc) = emit(set)
                    scalarEntries.append(ScalarTable.Entry(group: groupId, tag: key.tag, bits: key.bits, targetStart: ts, targetCount: tc))
                    switch key.tag {
                    case .comparable: group.flags |= GroupRecord.comparable
                    case .true: group.flags |= GroupRecord.true
                    case .false: group.flags |= GroupRecord.false
                    case .null: group.flags |= GroupRecord.null
                    }
                }

                group.floatingStart = Int32(outcomes.count)
                for w in floating.keys.sorted() {
                    let (ts, tc) = emit(floating[w]!)
                    outcomes.append(Outcome(wildcard: w, targetStart: ts, targetCount: tc))
                }
                group.floatingCount = Int32(outcomes.count) - group.floatingStart

                group.sharedStart = Int32(sharedEntries.count)
                for f in sharedTargets.keys.sorted() {
                    let (ts, tc) = emit(sharedTargets[f]!)
                    sharedEntries.append(SharedFilterEntry(filter: f, targetStart: ts, targetCount: tc))
                }
                group.sharedCount = Int32(sharedEntries.count) - group.sharedStart

                (group.anyStart, group.anyCount) = emit(any)
                groups.append(group)
            }
            record.groupCount = Int32(groups.count) - record.groupStart
            record.absentStart = Int32(absents.count)
            stateAbsents.sort { ($0.path, $0.target) < ($1.path, $1.target) }
            absents.append(contentsOf: stateAbsents)
            record.absentCount = Int32(stateAbsents.count)
            states.append(record)
        }

        return CompiledTables(
            states: states, groups: groups, affixSpecs: affixSpecs, lengths: lengths, targets: targets,
            accepts: accepts, absents: absents, outcomes: outcomes, sharedEntries: sharedEntries,
            byteTable: ByteEntryTable(byteEntries), scalarTable: ScalarTable(scalarEntries),
            wildcards: wildcards.patterns, sharedFilters: shared.filters, pathFlags: pathFlags,
            patternCount: patternCount, maxDepth: conjunctions.map(\.steps.count).max() ?? 0)
    }
}

private struct ScalarKey: Hashable {
    var tag: ScalarTag
    var bits: UInt64
}
