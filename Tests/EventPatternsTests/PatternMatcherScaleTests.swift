import DeterministicRandom
import EventPatterns
import JSON
import Testing

/// The compiled matcher against the reference evaluator with thousands of
/// patterns of one operator family, all on one field and spread over eight:
/// the sizes at which groups get their own indexes (range trees, exclusion
/// indexes, fragment automata) rather than one-by-one checks. Values come
/// from a small vocabulary so that events hit, miss and sit on the edges of
/// the patterns; the seed is fixed, so a failure reproduces exactly.
@Suite struct PatternMatcherScaleTests {
    static let patternCount = 2_000
    static let eventCount = 32
    static let sampledPerEvent = 150

    static let strings = [
        "a", "ab", "abc", "b", "ba", "bab", "A", "AB", "x-1", "x-2", "X-1", "ß", "SS", "äb", "ÄB", "a*b", "",
        "spot-eu-1", "spot-us-2", "eu-north-1", "10.0.0.1", "10.0.1.7", "10.1.2.3", "2001:db8::1",
    ]
    static let numbers = ["-1", "0", "0.5", "1", "2", "2.5", "5", "5.0", "7", "10", "1e2", "100", "12345678901234567890"]
    static let pieces = ["a", "b", "ab", "ba", "x-", "-1", "spot", "eu", "-", "1", "ß"]

    enum Family: String, CaseIterable {
        case exact, prefix, suffix, equalsIgnoreCase, wildcard, anythingBut, numeric, cidr, exists, or
    }

    @Test(arguments: Family.allCases)
    func manyPatternsOfOneFamilyOnOneField(_ family: Family) throws {
        try check(family, fields: 1, seed: 0x5CA1_E000 + UInt64(Family.allCases.firstIndex(of: family)!))
    }

    @Test(arguments: Family.allCases)
    func manyPatternsOfOneFamilySpreadOverFields(_ family: Family) throws {
        try check(family, fields: 8, seed: 0x5CA1_E100 + UInt64(Family.allCases.firstIndex(of: family)!))
    }

    /// The indexes the families are meant to reach are there.
    @Test func largeGroupsGetTheirOwnIndexes() throws {
        var rng = SplitMix64(seed: 1)
        func stats(_ family: Family) throws -> PatternMatcher.Statistics {
            try PatternMatcher(
                (0..<200).map { j in try EventPattern(json: Self.pattern(family, j, fields: 1, &rng)) }
            ).statistics
        }
        #expect(try stats(.numeric).rangeIndexes == 1)
        #expect(try stats(.anythingBut).exclusionIndexes == 1)
        #expect(try stats(.wildcard).fragmentAutomata >= 1)
    }

    /// Compiles the set once and checks every event: the compiled matches
    /// must be ascending and unique, and agree with the reference on a fresh
    /// sample of the patterns per event (the reference evaluator is too slow
    /// in a debug build to ask about all of them, every time).
    func check(_ family: Family, fields: Int, seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let texts = (0..<Self.patternCount).map { j in Self.pattern(family, j, fields: fields, &rng) }
        let patterns = try texts.map { try EventPattern(json: $0) }
        let matcher = try PatternMatcher(patterns)
        var scratch = PatternMatcher.Scratch()
        var got: [Int] = []
        var agreedMatches = 0
        var agreedMisses = 0
        for e in 0..<Self.eventCount {
            let text = Self.event(fields: fields, &rng)
            let event = try JSONValue.parse(text)
            got.removeAll(keepingCapacity: true)
            matcher.match(EventFields(flattening: event, paths: matcher.paths), into: &got, scratch: &scratch)
            #expect(zip(got, got.dropFirst()).allSatisfy { $0 < $1 }, "matches not ascending and unique")
            let compiled = Set(got)
            for _ in 0..<Self.sampledPerEvent {
                let i = rng.int(patterns.count)
                let reference = ReferenceMatcher.matches(patterns[i], event: event)
                if reference != compiled.contains(i) {
                    Issue.record(
                        """
                        \(family) over \(fields) field(s), seed \(seed), event \(e), pattern \(i): \
                        compiled \(compiled.contains(i)), reference \(reference)
                        pattern \(texts[i])
                        event \(text)
                        """)
                    return
                }
                if reference { agreedMatches += 1 } else { agreedMisses += 1 }
            }
        }
        // The vocabulary keeps both outcomes common.
        #expect(agreedMatches > 0, "\(family): no sampled pattern matched")
        #expect(agreedMisses > 0, "\(family): every sampled pattern matched")
    }

    // MARK: Patterns

    static func quoted(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default: out.unicodeScalars.append(c)
            }
        }
        return out + "\""
    }

    static func field(_ j: Int, fields: Int) -> String { fields == 1 ? "v" : "f\(j % fields)" }

    /// Pattern `j`: one condition on its field (`$or`: two), wrapped in `detail`.
    static func pattern(_ family: Family, _ j: Int, fields: Int, _ rng: inout SplitMix64) -> String {
        let name = field(j, fields: fields)
        if family == .or {
            let other = field(j + 1 + rng.int(3), fields: fields)
            let a = condition(rng.pick([.exact, .prefix, .numeric, .anythingBut, .wildcard]), &rng)
            let b = condition(rng.pick([.suffix, .equalsIgnoreCase, .numeric, .exists, .cidr]), &rng)
            return #"{"detail":{"$or":[{"\#(name)":\#(a)},{"\#(other)":\#(b)}]}}"#
        }
        return #"{"detail":{"\#(name)":\#(condition(family, &rng))}}"#
    }

    /// A filter array of `family`, usually one filter, now and then two.
    static func condition(_ family: Family, _ rng: inout SplitMix64) -> String {
        let count = rng.chance(0.15) ? 2 : 1
        return "[" + (0..<count).map { _ in filter(family, &rng) }.joined(separator: ",") + "]"
    }

    static func filter(_ family: Family, _ rng: inout SplitMix64) -> String {
        switch family {
        case .exact:
            return rng.chance(0.7) ? quoted(rng.pick(strings)) : rng.pick(numbers + ["true", "false", "null"])
        case .prefix:
            return #"{"prefix":\#(quoted(rng.pick(strings.filter { !$0.isEmpty })))}"#
        case .suffix:
            return #"{"suffix":\#(quoted(rng.pick(strings.filter { !$0.isEmpty })))}"#
        case .equalsIgnoreCase:
            let s = quoted(rng.pick(strings))
            switch rng.int(3) {
            case 0: return #"{"prefix":{"equals-ignore-case":\#(s)}}"#
            case 1: return #"{"suffix":{"equals-ignore-case":\#(s)}}"#
            default: return #"{"equals-ignore-case":\#(s)}"#
            }
        case .wildcard:
            return #"{"wildcard":\#(quoted(wildcard(&rng)))}"#
        case .anythingBut:
            return #"{"anything-but":\#(anythingBut(&rng))}"#
        case .numeric:
            return #"{"numeric":\#(range(&rng))}"#
        case .cidr:
            let blocks = ["10.0.0.0/8", "10.0.0.0/16", "10.0.0.0/24", "10.0.1.0/24", "10.1.0.0/16", "10.0.0.1/31", "2001:db8::/32", "2001:db8::/48"]
            return #"{"cidr":\#(quoted(rng.pick(blocks)))}"#
        case .exists:
            return #"{"exists":\#(rng.chance(0.5))}"#
        case .or:
            return filter(rng.pick([.exact, .numeric, .anythingBut]), &rng)
        }
    }

    /// Star-separated pieces: anchored and floating shapes, one to three pieces.
    static func wildcard(_ rng: inout SplitMix64) -> String {
        let inner = (0..<(1 + rng.int(3))).map { _ in rng.pick(pieces) }.joined(separator: "*")
        switch rng.int(4) {
        case 0: return "*" + inner + "*"
        case 1: return rng.pick(pieces) + "*" + inner
        case 2: return inner + "*" + rng.pick(pieces)
        default: return rng.pick(pieces) + "*" + inner + "*" + rng.pick(pieces)
        }
    }

    /// Every form. Three in five are prefix lists that exclude "a" and "ab"
    /// (most of them distinct), so those keys keep complement lists and a
    /// value such as "abc" hits two.
    static func anythingBut(_ rng: inout SplitMix64) -> String {
        switch rng.int(10) {
        case 0...5:
            // A prefix no value has keeps the filters distinct, and so their share.
            let extra = [rng.chance(0.5) ? rng.pick(strings.filter { !$0.isEmpty }) : "q\(rng.int(1_000_000))"]
            return #"{"prefix":[\#((Set(["a", "ab"] + extra).sorted().map(quoted).joined(separator: ",")))]}"#
        case 6: return "[" + Set((0..<(1 + rng.int(3))).map { _ in rng.pick(strings) }).sorted().map(quoted).joined(separator: ",") + "]"
        case 7:
            let list = Set((0..<(1 + rng.int(3))).map { _ in rng.pick(["0", "1", "5", "2.5", "100", "-1"]) }).sorted()
            return rng.chance(0.3) ? list[0] : "[" + list.joined(separator: ",") + "]"
        case 8:
            if rng.chance(0.5) { return #"{"suffix":\#(quoted(rng.pick(strings.filter { !$0.isEmpty })))}"# }
            return #"{"equals-ignore-case":[\#(quoted(rng.pick(strings))),\#(quoted(rng.pick(strings)))]}"#
        default: return #"{"wildcard":\#(quoted(wildcard(&rng)))}"#
        }
    }

    /// Bounds on a grid of quarters, open or closed, inclusive or not: many
    /// distinct ranges whose edges the event numbers sit on.
    static func range(_ rng: inout SplitMix64) -> String {
        let a = Double(rng.int(48) - 8) / 4
        let b = a + Double(1 + rng.int(24)) / 4
        func n(_ d: Double) -> String { d == d.rounded() ? String(Int(d)) : String(d) }
        switch rng.int(5) {
        case 0: return #"[">",\#(n(a))]"#
        case 1: return #"["<=",\#(n(b))]"#
        case 2: return #"["=",\#(n(a))]"#
        default: return #"["\#(rng.chance(0.5) ? ">" : ">=")",\#(n(a)),"\#(rng.chance(0.5) ? "<" : "<=")",\#(n(b))]"#
        }
    }

    // MARK: Events

    static func scalar(_ rng: inout SplitMix64) -> String {
        switch rng.int(10) {
        case 0...4: return quoted(rng.pick(strings))
        case 5...7: return rng.pick(numbers)
        case 8: return rng.pick(["true", "false"])
        default: return "null"
        }
    }

    /// A `detail` object with each field absent, a scalar, or a short array.
    static func event(fields: Int, _ rng: inout SplitMix64) -> String {
        var members: [String] = []
        for k in 0..<fields where rng.chance(0.85) {
            let value = rng.chance(0.2) ? "[" + (0..<rng.int(3)).map { _ in scalar(&rng) }.joined(separator: ",") + "]" : scalar(&rng)
            members.append(#""\#(field(k, fields: fields))":\#(value)"#)
        }
        return #"{"source":"test","detail":{\#(members.joined(separator: ","))}}"#
    }
}
