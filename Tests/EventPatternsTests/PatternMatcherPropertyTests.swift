import JSON
import EventPatterns
import Foundation
import DeterministicRandom
import Testing

/// The compiled matcher against the reference evaluator on generated pattern
/// sets and events. Everything is drawn from one small vocabulary of paths and
/// values so that matches are frequent, and the generator is seeded, so a
/// failure reproduces exactly (the message names the seed, set and event).
/// `PATTERN_PROPERTY_SEED` and `PATTERN_PROPERTY_SETS` override the seed and
/// the number of pattern sets, for longer soak runs.
@Suite struct PatternMatcherPropertyTests {
    static let environment = ProcessInfo.processInfo.environment
    static let seed: UInt64 = environment["PATTERN_PROPERTY_SEED"].flatMap { UInt64($0, radix: 10) } ?? 0x5EED_0001
    static let sets: Int = environment["PATTERN_PROPERTY_SETS"].flatMap { Int($0, radix: 10) } ?? 500
    static let patternsPerSet = 10
    static let eventsPerSet = 8

    @Test func compiledMatcherAgreesWithReferenceOnGeneratedPatternsAndEvents() throws {
        var rng = SeededRandom(seed: Self.seed)
        var pairs = 0
        var matched = 0
        var scratch = PatternMatcher.Scratch()
        var got: [Int] = []
        for set in 0..<Self.sets {
            let patterns = (0..<Self.patternsPerSet).map { _ in PatternGenerator.pattern(&rng) }
            let matcher = try PatternMatcher(patterns)
            for e in 0..<Self.eventsPerSet {
                let event = EventGenerator.event(&rng)
                got.removeAll(keepingCapacity: true)
                matcher.match(EventFields(flattening: event, paths: matcher.paths), into: &got, scratch: &scratch)
                let want = patterns.indices.filter { ReferenceMatcher.matches(patterns[$0], event: event) }
                pairs += 1
                matched += want.count
                if got != want {
                    let diff = Set(got).symmetricDifference(want).sorted()
                    Issue.record(
                        """
                        seed \(Self.seed) set \(set) event \(e): compiled \(got), reference \(want)
                        event \(event.jsonText)
                        \(diff.map { "pattern \($0): \(PatternGenerator.describe(patterns[$0]))" }.joined(separator: "\n"))
                        """)
                    return
                }
            }
        }
        #expect(pairs >= min(3_000, Self.sets * Self.eventsPerSet))
        // The vocabulary is small on purpose: a good share of pairs match.
        #expect(matched > pairs / 2, "only \(matched) matches in \(pairs) pairs: the generator drifted")
    }

    @Test func compilingInAnotherOrderGivesTheSameMatches() throws {
        var rng = SeededRandom(seed: 0x0BDE_0002)
        for _ in 0..<60 {
            let patterns = (0..<24).map { _ in PatternGenerator.pattern(&rng) }
            var order = Array(patterns.indices)
            for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, rng.int(i + 1)) }
            let forward = try PatternMatcher(patterns)
            let shuffled = try PatternMatcher(order.map { patterns[$0] })
            for _ in 0..<10 {
                let event = EventGenerator.event(&rng)
                let a = forward.match(EventFields(flattening: event, paths: forward.paths))
                let b = shuffled.match(EventFields(flattening: event, paths: shuffled.paths)).map { order[$0] }.sorted()
                #expect(a == b, "event \(event.jsonText)")
            }
        }
    }

    @Test func oneScratchServesManyMatchersAndEvents() throws {
        var rng = SeededRandom(seed: 0x5C2A_0003)
        let matchers = try (0..<3).map { _ in try PatternMatcher((0..<12).map { _ in PatternGenerator.pattern(&rng) }) }
        var scratch = PatternMatcher.Scratch()
        var got: [Int] = []
        for i in 0..<300 {
            let m = matchers[i % 3]
            let event = EventGenerator.event(&rng)
            let fields = EventFields(flattening: event, paths: m.paths)
            got.removeAll(keepingCapacity: true)
            m.match(fields, into: &got, scratch: &scratch)
            #expect(got == m.match(fields))
        }
    }
}

/// The property tests' generator: the package's SplitMix64 with a few conveniences.
typealias SeededRandom = SplitMix64

extension SplitMix64 {
    mutating func chance(_ p: Double) -> Bool { Double(next() >> 11) / Double(1 << 53) < p }
    mutating func pick<T>(_ a: [T]) -> T { a[int(a.count)] }
}

/// The shared vocabulary.
enum Vocabulary {
    /// Paths patterns name; `detail.c` is mostly an object or an array of
    /// objects (with nested arrays inside), now and then a scalar, so both it
    /// and the paths below it are named; `detail.tags` is a list.
    static let paths: [[String]] = [
        ["source"], ["a"], ["b"], ["detail", "x"], ["detail", "y"], ["detail", "tags"],
        ["detail", "c", "n"], ["detail", "c", "m"], ["detail", "c", "d", "k"],
        ["detail", "c", "n"], ["detail", "c", "m"], ["detail", "c"], ["detail"],
    ]
    static let strings = [
        "", "a", "ab", "abc", "b", "ba", "bab", "A", "AB", "Ab", "x-1", "x-2", "X-1", "ß", "ÄB", "äb", "a*b",
        "10.0.0.1", "10.0.1.7", "2001:db8::1", "5",
    ]
    static let numbers = ["0", "1", "5", "5.0", "0.5e1", "-1", "1e2", "100", "0.5", "12345678901234567890", "-0"]
    static let wildcards = ["a*", "*b", "a*b", "*a*", "*", "ab", "a*b*c", "x-*", "*-1", "a\\*b", "*b*a*", "b*b"]
    static let cidrs = ["10.0.0.0/24", "10.0.0.0/16", "2001:db8::/32"]
}

enum PatternGenerator {
    static func pattern(_ rng: inout SeededRandom) -> EventPattern {
        while true {
            if let p = try? EventPattern(json(&rng)) { return p }
        }
    }

    static func describe(_ p: EventPattern) -> String { String(describing: p) }

    /// A pattern object: 1–3 conditions on distinct paths, sometimes `$or`.
    static func json(_ rng: inout SeededRandom, depth: Int = 0) -> JSONValue {
        var conditions: [([String], JSONValue)] = []
        var used = Set<[String]>()
        let count = depth == 0 ? 1 + rng.int(3) : 1 + rng.int(2)
        for _ in 0..<count {
            let path = rng.pick(Vocabulary.paths)
            if used.insert(path).inserted { conditions.append((path, values(&rng))) }
        }
        var members = nest(conditions)
        if depth < 2 && rng.chance(depth == 0 ? 0.35 : 0.2) {
            let branches = (0..<(2 + rng.int(2))).map { _ in json(&rng, depth: depth + 1) }
            members.append(JSONValue.Member(key: "$or", value: .array(branches)))
        }
        return .object(members)
    }

    /// Turns (path, filter array) pairs into nested object members.
    static func nest(_ conditions: [([String], JSONValue)]) -> [JSONValue.Member] {
        var order: [String] = []
        var leaves: [String: JSONValue] = [:]
        var inner: [String: [([String], JSONValue)]] = [:]
        for (path, value) in conditions {
            let key = path[0]
            if !order.contains(key) { order.append(key) }
            if path.count == 1 { leaves[key] = value } else { inner[key, default: []].append((Array(path.dropFirst()), value)) }
        }
        return order.map { key in
            if let leaf = leaves[key] { return JSONValue.Member(key: key, value: leaf) }
            return JSONValue.Member(key: key, value: .object(nest(inner[key]!)))
        }
    }

    static func values(_ rng: inout SeededRandom) -> JSONValue {
        .array((0..<(1 + rng.int(3))).map { _ in filter(&rng) })
    }

    static func str(_ rng: inout SeededRandom) -> JSONValue { .string(rng.pick(Vocabulary.strings)) }
    static func num(_ rng: inout SeededRandom) -> JSONValue { .number(rng.pick(Vocabulary.numbers)) }
    static func obj(_ key: String, _ value: JSONValue) -> JSONValue { .object([JSONValue.Member(key: key, value: value)]) }

    static func filter(_ rng: inout SeededRandom) -> JSONValue {
        switch rng.int(20) {
        case 0, 1, 2: return str(&rng)
        case 3: return num(&rng)
        case 4: return rng.pick([.bool(true), .bool(false), .null])
        case 5: return obj("prefix", str(&rng))
        case 6: return obj("suffix", str(&rng))
        case 7: return obj(rng.chance(0.5) ? "prefix" : "suffix", obj("equals-ignore-case", str(&rng)))
        case 8: return obj("equals-ignore-case", str(&rng))
        case 9, 10: return obj("wildcard", .string(rng.pick(Vocabulary.wildcards)))
        case 11, 12: return obj("exists", .bool(rng.chance(0.5)))
        case 13:
            let ops = [[">", "0"], [">=", "1"], ["<", "5"], ["<=", "5"], ["=", "5"], [">", "0", "<=", "5"], [">=", "-1", "<", "100"]]
            return obj("numeric", .array(rng.pick(ops).map { $0.first!.isNumber || $0.first == "-" ? .number($0) : .string($0) }))
        case 14: return obj("cidr", .string(rng.pick(Vocabulary.cidrs)))
        default:
            return obj("anything-but", anythingBut(&rng))
        }
    }

    static func anythingBut(_ rng: inout SeededRandom) -> JSONValue {
        switch rng.int(8) {
        case 0: return str(&rng)
        case 1: return .array((0..<(1 + rng.int(3))).map { _ in str(&rng) })
        case 2: return .number(rng.pick(["0", "1", "5", "100", "-1"]))
        case 3: return .array([.number("5"), .number(rng.pick(["1", "0.5", "100"]))])
        case 4: return obj("prefix", str(&rng))
        case 5: return obj("suffix", str(&rng))
        case 6: return obj("equals-ignore-case", rng.chance(0.5) ? str(&rng) : .array([str(&rng), str(&rng)]))
        default: return obj("wildcard", .string(rng.pick(Vocabulary.wildcards)))
        }
    }
}

enum EventGenerator {
    static func event(_ rng: inout SeededRandom) -> JSONValue {
        var members: [JSONValue.Member] = []
        for key in ["source", "a", "b"] where rng.chance(0.75) {
            members.append(JSONValue.Member(key: key, value: leaf(&rng)))
            if rng.chance(0.05) { members.append(JSONValue.Member(key: key, value: leaf(&rng))) }  // duplicate key
        }
        if rng.chance(0.9) { members.append(JSONValue.Member(key: "detail", value: rng.chance(0.03) ? leaf(&rng) : detail(&rng))) }
        for i in stride(from: members.count - 1, to: 0, by: -1) { members.swapAt(i, rng.int(i + 1)) }
        return .object(members)
    }

    static func scalar(_ rng: inout SeededRandom) -> JSONValue {
        switch rng.int(10) {
        case 0...5: return .string(rng.pick(Vocabulary.strings))
        case 6, 7: return .number(rng.pick(Vocabulary.numbers))
        case 8: return rng.pick([.bool(true), .bool(false)])
        default: return .null
        }
    }

    /// A scalar, a list (possibly empty or nested), or now and then an object.
    static func leaf(_ rng: inout SeededRandom) -> JSONValue {
        switch rng.int(20) {
        case 0...12: return scalar(&rng)
        case 13...17: return .array((0..<rng.int(4)).map { _ in rng.chance(0.15) ? leaf(&rng) : scalar(&rng) })
        case 18: return .object([JSONValue.Member(key: "x", value: scalar(&rng))])
        default: return .array([])
        }
    }

    static func detail(_ rng: inout SeededRandom) -> JSONValue {
        var members: [JSONValue.Member] = []
        for key in ["x", "y", "tags"] where rng.chance(0.7) {
            members.append(JSONValue.Member(key: key, value: leaf(&rng)))
        }
        if rng.chance(0.8) {
            let c: JSONValue =
                rng.chance(0.1)
                ? leaf(&rng)
                : rng.chance(0.35)
                ? element(&rng)
                : .array((0..<(1 + rng.int(3))).map { _ in
                    rng.chance(0.1) ? .array([element(&rng), element(&rng)]) : rng.chance(0.05) ? scalar(&rng) : element(&rng)
                })
            members.append(JSONValue.Member(key: "c", value: c))
        }
        return .object(members)
    }

    /// One object of `detail.c`.
    static func element(_ rng: inout SeededRandom) -> JSONValue {
        var members: [JSONValue.Member] = []
        if rng.chance(0.8) { members.append(JSONValue.Member(key: "n", value: leaf(&rng))) }
        if rng.chance(0.8) { members.append(JSONValue.Member(key: "m", value: leaf(&rng))) }
        if rng.chance(0.4) {
            let d: JSONValue =
                rng.chance(0.5)
                ? .object([JSONValue.Member(key: "k", value: leaf(&rng))])
                : .array([.object([JSONValue.Member(key: "k", value: leaf(&rng))]), .object([JSONValue.Member(key: "k", value: leaf(&rng))])])
            members.append(JSONValue.Member(key: "d", value: d))
        }
        return .object(members)
    }
}
