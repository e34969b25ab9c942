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
            let filters = steps[i].filters.map(\.canonicalText).sorted().joined(separator: "\u{2}")
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
        var assembler = AutomatonAssembler(pathCount: paths.count)
        for p in multiStep { assembler.pathFlags[Int(p)] |= PathFlags.multiStep }
        var states: [StateRecord] = []
        var accepts: [Int32] = []
        var absents: [AbsentRecord] = []
        for s in children.indices {
            var record = StateRecord()
            record.acceptStart = Int32(accepts.count)
            accepts.append(contentsOf: accepting[s].sorted())
            record.acceptCount = Int32(accepting[s].count)

            var byPath: [Int32: [(filter: ContentFilter, target: Int32)]] = [:]
            var stateAbsents: [AbsentRecord] = []
            for (step, target) in children[s] {
                let path = steps[Int(step)].path
                for filter in steps[Int(step)].filters {
                    if filter == .exists(false) {
                        stateAbsents.append(AbsentRecord(path: path, target: target))
                    } else {
                        byPath[path, default: []].append((filter, target))
                    }
                }
                if byPath[path] == nil { byPath[path] = [] }
            }
            record.groupStart = Int32(assembler.groups.count)
            for path in byPath.keys.sorted() {
                assembler.pathFlags[Int(path)] |= PathFlags.tested
                assembler.addGroup(path: path, byPath[path]!)
            }
            record.groupCount = Int32(assembler.groups.count) - record.groupStart
            record.absentStart = Int32(absents.count)
            stateAbsents.sort { ($0.path, $0.target) < ($1.path, $1.target) }
            absents.append(contentsOf: stateAbsents)
            record.absentCount = Int32(stateAbsents.count)
            states.append(record)
        }
        assembler.addExclusionGroups()
        return assembler.tables(
            states: states, accepts: accepts, absents: absents, patternCount: patternCount,
            maxDepth: conjunctions.map(\.steps.count).max() ?? 0)
    }
}


extension ContentFilter {
    /// A text that tells filters apart, for ordering steps the same way in
    /// every run (`String(describing:)` goes through reflection, and took
    /// most of the compile time of 10,000 `anything-but` lists).
    var canonicalText: String {
        func list(_ items: [String]) -> String { items.joined(separator: "\u{3}") }
        switch self {
        case .string(let s): return "s" + s
        case .number(let n): return "n" + n.text
        case .boolean(let b): return b ? "t" : "f"
        case .null: return "z"
        case .prefix(let s, let folded): return (folded ? "P" : "p") + s
        case .suffix(let s, let folded): return (folded ? "X" : "x") + s
        case .equalsIgnoreCase(let s): return "e" + s
        case .wildcard(let w): return "w" + w.source
        case .exists(let present): return present ? "E" : "A"
        case .cidr(let block): return "c" + block.network.map(String.init).joined(separator: ".") + "/\(block.prefixLength)"
        case .numeric(let r):
            func bound(_ b: NumericRange.Bound?) -> String { b.map { ($0.inclusive ? "[" : "(") + $0.value.text } ?? "-" }
            return "r" + bound(r.lower) + "\u{3}" + bound(r.upper)
        case .anythingBut(let a):
            switch a {
            case .strings(let l): return "as" + list(l)
            case .numbers(let l): return "an" + list(l.map(\.text))
            case .prefixes(let l): return "ap" + list(l)
            case .suffixes(let l): return "ax" + list(l)
            case .equalsIgnoreCase(let l): return "ae" + list(l)
            case .wildcards(let l): return "aw" + list(l.map(\.source))
            }
        }
    }
}
