@testable import EventPatterns
import JSON
import Foundation
import Testing

/// Compiles `patterns` (JSON text), matches `event` (JSON text), checks the
/// result against the reference evaluator and returns it.
func compiledMatches(
    _ patterns: [String], _ event: String, sourceLocation: SourceLocation = #_sourceLocation
) throws -> [Int] {
    let parsed = try patterns.map { try EventPattern(json: $0) }
    let matcher = try PatternMatcher(parsed)
    let value = try JSONValue.parse(event)
    let got = matcher.match(EventFields(flattening: value, paths: matcher.paths))
    let want = parsed.indices.filter { ReferenceMatcher.matches(parsed[$0], event: value) }
    #expect(got == want, "compiled \(got) != reference \(want) for \(event)", sourceLocation: sourceLocation)
    return got
}

/// Behaviour of the compiled matcher, operator by operator and edge by edge.
@Suite struct PatternMatcherTests {
    // MARK: exact values

    @Test func exactStringMatchesOnlyTheEqualStringValue() throws {
        let p = [#"{"s": ["run"]}"#, #"{"s": ["running"]}"#, #"{"s": [""]}"#]
        #expect(try compiledMatches(p, #"{"s": "running"}"#) == [1])
        #expect(try compiledMatches(p, #"{"s": ""}"#) == [2])
        #expect(try compiledMatches(p, #"{"s": "Running"}"#) == [])
        #expect(try compiledMatches(p, #"{"s": ["x", "run"]}"#) == [0])
    }

    @Test func exactStringNeverMatchesNumbersBooleansOrNull() throws {
        let p = [#"{"s": ["5"]}"#, #"{"s": ["true"]}"#, #"{"s": ["null"]}"#]
        #expect(try compiledMatches(p, #"{"s": 5}"#) == [])
        #expect(try compiledMatches(p, #"{"s": true}"#) == [])
        #expect(try compiledMatches(p, #"{"s": null}"#) == [])
        #expect(try compiledMatches(p, #"{"s": "5"}"#) == [0])
    }

    @Test func numbersMatchByValueWhateverTheLiteralForm() throws {
        let p = [#"{"n": [5]}"#, #"{"n": [0.5]}"#, #"{"n": [-0]}"#, #"{"n": [1e2]}"#]
        for literal in ["5", "5.0", "5e0", "0.5e1", "500e-2", "5.000000"] {
            #expect(try compiledMatches(p, #"{"n": \#(literal)}"#) == [0], "\(literal)")
        }
        #expect(try compiledMatches(p, #"{"n": 0.50}"#) == [1])
        #expect(try compiledMatches(p, #"{"n": 0}"#) == [2])
        #expect(try compiledMatches(p, #"{"n": 100.0}"#) == [3])
        #expect(try compiledMatches(p, #"{"n": "5"}"#) == [])
    }

    @Test func numberThatIsNotComparableMatchesOnlyTheSameText() throws {
        let p = [#"{"n": [12345678901234567890]}"#, #"{"n": [12345678901234567000]}"#]
        #expect(try compiledMatches(p, #"{"n": 12345678901234567890}"#) == [0])
        #expect(try compiledMatches(p, #"{"n": 1.2345678901234567890e19}"#) == [])
    }

    @Test func longAndExoticNumberLiteralsFallBackToTheFullParser() throws {
        let p = [#"{"n": [0.1]}"#, #"{"n": [1e300]}"#, #"{"n": [{"numeric": [">", 1e20]}]}"#]
        #expect(try compiledMatches(p, #"{"n": 0.1000000000000000000}"#) == [0])
        #expect(try compiledMatches(p, #"{"n": 1E+300}"#) == [1, 2])
        #expect(try compiledMatches(p, #"{"n": 100000000000000000000000}"#) == [2])
    }

    @Test func booleansAndNullMatchOnlyTheirOwnKind() throws {
        let p = [#"{"b": [true]}"#, #"{"b": [false]}"#, #"{"b": [null]}"#]
        #expect(try compiledMatches(p, #"{"b": true}"#) == [0])
        #expect(try compiledMatches(p, #"{"b": false}"#) == [1])
        #expect(try compiledMatches(p, #"{"b": null}"#) == [2])
        #expect(try compiledMatches(p, #"{"b": [false, null]}"#) == [1, 2])
        #expect(try compiledMatches(p, #"{"b": 0}"#) == [])
    }

    // MARK: prefix, suffix, ignore-case

    @Test func prefixIndexFindsEveryPrefixOfTheValueInOnePass() throws {
        let p = [#"{"s": [{"prefix": ""}]}"#, #"{"s": [{"prefix": "a"}]}"#, #"{"s": [{"prefix": "ab"}]}"#,
                 #"{"s": [{"prefix": "abcd"}]}"#, #"{"s": [{"prefix": "b"}]}"#, #"{"s": [{"prefix": "abcde"}]}"#]
        #expect(try compiledMatches(p, #"{"s": "abcd"}"#) == [0, 1, 2, 3])
        #expect(try compiledMatches(p, #"{"s": ""}"#) == [0])
        #expect(try compiledMatches(p, #"{"s": 5}"#) == [])
    }

    @Test func suffixIndexWalksTheValueFromItsEnd() throws {
        let p = [#"{"f": [{"suffix": ".png"}]}"#, #"{"f": [{"suffix": "png"}]}"#, #"{"f": [{"suffix": "a.png"}]}"#,
                 #"{"f": [{"suffix": ".jpg"}]}"#]
        #expect(try compiledMatches(p, #"{"f": "a.png"}"#) == [0, 1, 2])
        #expect(try compiledMatches(p, #"{"f": "png"}"#) == [1])
        #expect(try compiledMatches(p, #"{"f": "a.PNG"}"#) == [])
    }

    @Test func ignoreCaseFiltersCompareCaseFoldedValues() throws {
        let p = [#"{"s": [{"equals-ignore-case": "ÄPFEL"}]}"#, #"{"s": [{"prefix": {"equals-ignore-case": "äP"}}]}"#,
                 #"{"s": [{"suffix": {"equals-ignore-case": "FEL"}}]}"#, #"{"s": [{"equals-ignore-case": "alarm"}]}"#]
        #expect(try compiledMatches(p, #"{"s": "äpfel"}"#) == [0, 1, 2])
        #expect(try compiledMatches(p, #"{"s": "Äpfelmus"}"#) == [1])
        #expect(try compiledMatches(p, #"{"s": "ALARM"}"#) == [3])
        #expect(try compiledMatches(p, #"{"s": ["x", "AlArM", "straFeL"]}"#) == [2, 3])
    }

    @Test func ignoreCaseMatchingFoldsNonASCIIWhoseFoldChangesLength() throws {
        // The Kelvin sign (3 bytes) folds to "k" (1 byte): folded offsets differ from raw ones.
        let p = [#"{"s": [{"suffix": {"equals-ignore-case": "ka"}}]}"#, #"{"s": [{"prefix": {"equals-ignore-case": "kk"}}]}"#]
        #expect(try compiledMatches(p, "{\"s\": \"\u{212A}\u{212A}A\"}") == [0, 1])
    }

    // MARK: wildcards

    @Test func wildcardIndexedByTailFindsOnlyCandidatesSharingTheTail() throws {
        // Heads are all "arn:aws:ecs:" (as long as the tails): filing by the
        // head would confirm every wildcard for every value.
        let patterns = (0..<200).map { #"{"arn": [{"wildcard": "arn:aws:ecs:*:cluster/c\#($0)"}]}"# }
        let matcher = try PatternMatcher(patterns.map { try EventPattern(json: $0) })
        let counts = byteKeysByTag(matcher)
        #expect(counts[.backward] == 200)
        #expect(counts[.forward] == nil)
        #expect(try compiledMatches(patterns, #"{"arn": "arn:aws:ecs:eu:1:cluster/c42"}"#) == [42])
        #expect(try compiledMatches(patterns, #"{"arn": "arn:aws:ecs:eu:1:cluster/c420"}"#) == [])
    }

    @Test func wildcardIndexedByHeadWhenTheTailIsShared() throws {
        let patterns = (0..<50).map { #"{"k": [{"wildcard": "key-\#($0)-*.log"}]}"# }
        let matcher = try PatternMatcher(patterns.map { try EventPattern(json: $0) })
        #expect(byteKeysByTag(matcher)[.forward] == 50)
        #expect(try compiledMatches(patterns, #"{"k": "key-7-x.log"}"#) == [7])
        #expect(try compiledMatches(patterns, #"{"k": "key-7.log"}"#) == [])
    }

    @Test func wildcardWithoutStarIsAnExactStringAndStarAloneAnyString() throws {
        let p = [#"{"s": [{"wildcard": "exact"}]}"#, #"{"s": [{"wildcard": "*"}]}"#, #"{"s": [{"wildcard": "a\\*b"}]}"#]
        #expect(try compiledMatches(p, #"{"s": "exact"}"#) == [0, 1])
        #expect(try compiledMatches(p, #"{"s": ""}"#) == [1])
        #expect(try compiledMatches(p, #"{"s": "a*b"}"#) == [1, 2])
        #expect(try compiledMatches(p, #"{"s": "axb"}"#) == [1])
        #expect(try compiledMatches(p, #"{"s": 5}"#) == [])
    }

    @Test func wildcardWithStarsAtBothEndsIsCheckedFromTheList() throws {
        let p = [#"{"s": [{"wildcard": "*spot*interrupt*"}]}"#, #"{"s": [{"wildcard": "*a*"}]}"#]
        #expect(try compiledMatches(p, #"{"s": "ec2 spot instance interruption"}"#) == [0, 1])
        #expect(try compiledMatches(p, #"{"s": "interrupt spot"}"#) == [])
    }

    @Test func wildcardWithInnerStarsIsConfirmedAfterTheIndex() throws {
        let p = [#"{"s": [{"wildcard": "a*b*c"}]}"#, #"{"s": [{"wildcard": "a*c"}]}"#]
        #expect(try compiledMatches(p, #"{"s": "abc"}"#) == [0, 1])
        #expect(try compiledMatches(p, #"{"s": "ac"}"#) == [1])
        #expect(try compiledMatches(p, #"{"s": "acbc"}"#) == [0, 1])
    }

    // MARK: shared (non-indexed) filters

    @Test func identicalAnythingButFiltersAreSharedAcrossPatterns() throws {
        let patterns = (0..<1_250).map {
            #"{"group": ["svc-\#($0)"], "stopCode": [{"anything-but": ["EssentialContainerExited"]}]}"#
        }
        let matcher = try PatternMatcher(patterns.map { try EventPattern(json: $0) })
        #expect(matcher.statistics.sharedFilters == 1)
        #expect(try compiledMatches(patterns, #"{"group": "svc-7", "stopCode": "SpotInterruption"}"#) == [7])
        #expect(try compiledMatches(patterns, #"{"group": "svc-7", "stopCode": "EssentialContainerExited"}"#) == [])
    }

    @Test func anythingButMatchesValuesOfOtherTypes() throws {
        let p = [#"{"s": [{"anything-but": ["a", "b"]}]}"#, #"{"s": [{"anything-but": [0, 5]}]}"#,
                 #"{"s": [{"anything-but": {"prefix": "a"}}]}"#]
        #expect(try compiledMatches(p, #"{"s": "a"}"#) == [1])
        #expect(try compiledMatches(p, #"{"s": 5.0}"#) == [0, 2])
        #expect(try compiledMatches(p, #"{"s": null}"#) == [0, 1, 2])
        #expect(try compiledMatches(p, #"{"s": ["a", 5]}"#) == [0, 1, 2])
    }

    @Test func numericAndCIDRFiltersMatchThroughTheSharedList() throws {
        let p = [#"{"n": [{"numeric": [">", 0, "<=", 5]}]}"#, #"{"n": [{"numeric": ["=", 5]}]}"#,
                 #"{"ip": [{"cidr": "10.0.0.0/24"}]}"#]
        #expect(try compiledMatches(p, #"{"n": 5e0}"#) == [0, 1])
        #expect(try compiledMatches(p, #"{"n": 0}"#) == [])
        #expect(try compiledMatches(p, #"{"n": "3"}"#) == [])
        #expect(try compiledMatches(p, #"{"ip": "10.0.0.9"}"#) == [2])
        #expect(try compiledMatches(p, #"{"ip": "10.0.1.9", "n": [9, 2]}"#) == [0])
    }

    @Test func numericPointRangeIsLookedUpLikeAnExactNumber() throws {
        let point = NumericRange.Bound(ComparableNumber(5), inclusive: true)
        let pattern = EventPattern(conditions: [FieldCondition(path: ["n"], filters: [.numeric(NumericRange(lower: point, upper: point))])])
        let matcher = try PatternMatcher([pattern])
        #expect(matcher.statistics.sharedFilters == 0)
        for (literal, want) in [("5", true), ("5.0", true), ("0.5e1", true), ("5.000001", false), ("\"5\"", false)] {
            let event = try JSONValue.parse(#"{"n": \#(literal)}"#)
            #expect((matcher.match(EventFields(flattening: event, paths: matcher.paths)) == [0]) == want, "\(literal)")
            #expect(ReferenceMatcher.matches(pattern, event: event) == want, "\(literal)")
        }
    }

    // MARK: exists

    @Test func existsTrueMatchesAnyScalarIncludingNull() throws {
        let p = [#"{"x": [{"exists": true}]}"#]
        for event in [#"{"x": 0}"#, #"{"x": ""}"#, #"{"x": null}"#, #"{"x": [false]}"#] {
            #expect(try compiledMatches(p, event) == [0], "\(event)")
        }
        for event in [#"{}"#, #"{"x": []}"#, #"{"x": {"y": 1}}"#] {
            #expect(try compiledMatches(p, event) == [], "\(event)")
        }
    }

    @Test func existsFalseHoldsWhenThePathHasNoScalar() throws {
        let p = [#"{"x": [{"exists": false}]}"#, #"{"x": [{"exists": false}], "y": ["v"]}"#]
        #expect(try compiledMatches(p, #"{"y": "v"}"#) == [0, 1])
        #expect(try compiledMatches(p, #"{"x": [], "y": "v"}"#) == [0, 1])
        #expect(try compiledMatches(p, #"{"x": {"z": 1}}"#) == [0])
        #expect(try compiledMatches(p, #"{"x": null, "y": "v"}"#) == [])
    }

    @Test func existsFalseOrAValueInOneCondition() throws {
        let p = [#"{"x": [{"exists": false}, "on"]}"#]
        #expect(try compiledMatches(p, #"{}"#) == [0])
        #expect(try compiledMatches(p, #"{"x": "on"}"#) == [0])
        #expect(try compiledMatches(p, #"{"x": "off"}"#) == [])
    }

    // MARK: conjunctions, $or and arrays

    @Test func twoConditionsOnOnePathMustBothHold() throws {
        let p = [#"{"a": ["x-1"], "$or": [{"a": [{"prefix": "x"}]}, {"b": ["1"]}]}"#,
                 #"{"a": ["x-1"], "$or": [{"a": [{"prefix": "y"}]}, {"b": ["1"]}]}"#]
        #expect(try compiledMatches(p, #"{"a": "x-1"}"#) == [0])
        #expect(try compiledMatches(p, #"{"a": "x-1", "b": "1"}"#) == [0, 1])
    }

    @Test func twoConditionsOnOneListMustHoldOnTheSameElement() throws {
        // Array consistency covers conditions on the same path too (event-ruler).
        let p = [#"{"tags": ["a"], "$or": [{"tags": ["b"]}, {"z": ["1"]}]}"#,
                 #"{"tags": ["a"], "$or": [{"tags": [{"prefix": "a"}]}, {"z": ["1"]}]}"#]
        #expect(try compiledMatches(p, #"{"tags": ["a", "b"]}"#) == [1])
    }

    @Test func fieldsChosenForOnePatternMustShareArrayElements() throws {
        let p = [#"{"c": {"name": ["web"], "exitCode": [1]}}"#, #"{"c": {"name": ["db"], "exitCode": [1]}}"#]
        let event = #"{"c": [{"name": "web", "exitCode": 0}, {"name": "db", "exitCode": 1}]}"#
        #expect(try compiledMatches(p, event) == [1])
        #expect(try compiledMatches(p, #"{"c": {"name": "web", "exitCode": 1}}"#) == [0])
    }

    @Test func nestedArraysBindEveryEnclosingArray() throws {
        let p = [#"{"o": {"i": {"a": ["1"], "b": ["2"]}}}"#, #"{"o": {"i": {"a": ["1"]}, "k": ["x"]}}"#]
        #expect(try compiledMatches(p, #"{"o": [{"i": [{"a": "1"}, {"b": "2"}]}]}"#) == [])
        #expect(try compiledMatches(p, #"{"o": [{"i": [{"a": "1", "b": "2"}]}, {"k": "x"}]}"#) == [0])
        #expect(try compiledMatches(p, #"{"o": [{"i": [{"b": "2"}, {"a": "1"}], "k": "x"}]}"#) == [1])
    }

    @Test func listsOfScalarsNeverConstrainOtherFields() throws {
        let p = [#"{"tags": ["urgent"], "queue": ["etl"], "n": [3]}"#]
        #expect(try compiledMatches(p, #"{"tags": ["gpu", "urgent", "urgent"], "queue": "etl", "n": [1, 3]}"#) == [0])
    }

    @Test func orAlternativesReportAPatternOnceInAscendingOrder() throws {
        let p = [#"{"$or": [{"a": ["1"]}, {"b": ["2"]}, {"a": [{"prefix": "1"}]}]}"#, #"{"a": ["1"]}"#]
        #expect(try compiledMatches(p, #"{"a": "1", "b": "2"}"#) == [0, 1])
    }

    @Test func nestedOrMultipliesOutIntoAlternatives() throws {
        let p = [#"{"x": ["k"], "$or": [{"a": [1]}, {"$or": [{"b": [2]}, {"c": [3]}], "d": [4]}]}"#]
        #expect(try compiledMatches(p, #"{"x": "k", "a": 1}"#) == [0])
        #expect(try compiledMatches(p, #"{"x": "k", "c": 3, "d": 4}"#) == [0])
        #expect(try compiledMatches(p, #"{"x": "k", "c": 3}"#) == [])
    }

    // MARK: structure

    @Test func identicalStepPrefixesShareStates() throws {
        let patterns = (0..<100).map { #"{"source": ["aws.ec2"], "detail-type": ["Spot"], "account": ["\#($0)"]}"# }
        let matcher = try PatternMatcher(patterns.map { try EventPattern(json: $0) })
        // start, source, detail-type, then one state per account
        #expect(matcher.statistics.states == 3 + 100)
    }

    @Test func selectiveStepsAreTestedBeforeExistsAndAnythingBut() throws {
        let p = try EventPattern(json: #"{"a": [{"exists": true}], "b": [{"anything-but": "x"}], "c": ["v"]}"#)
        let matcher = try PatternMatcher([p])
        let start = matcher.tables.states[0]
        #expect(start.groupCount == 1)
        #expect(matcher.paths.segments(of: matcher.tables.groups[Int(start.groupStart)].path) == ["c"])
    }

    @Test func patternWithTooManyAlternativesIsRejected() {
        let pair = [EventPattern(conditions: [FieldCondition(path: ["a"], filters: [.string("1")])]),
                    EventPattern(conditions: [FieldCondition(path: ["b"], filters: [.string("2")])])]
        let big = EventPattern(conditions: [], anyOf: Array(repeating: pair, count: 11))  // 2^11 = 2048
        #expect(throws: PatternError.self) { try PatternMatcher([big]) }
        let fine = EventPattern(conditions: [], anyOf: Array(repeating: pair, count: 10))  // 1024
        #expect(throws: Never.self) { try PatternMatcher([fine]) }
    }

    @Test func patternAsLongAsTheParserAllowsMatchesWithoutDeepRecursion() throws {
        // 1,000 conditions, all holding: the walk goes 1,000 states deep on
        // its own stack, not the thread's.
        let keys = (0..<PatternLimits.maxFields).map { "k\($0)" }
        let pattern = "{" + keys.map { #""\#($0)": [{"anything-but": "x"}]"# }.joined(separator: ",") + "}"
        let event = "{" + keys.map { #""\#($0)": "v""# }.joined(separator: ",") + "}"
        #expect(try compiledMatches([pattern], event) == [0])
        #expect(try compiledMatches([pattern], event.replacingOccurrences(of: #""k999": "v""#, with: #""k999": "x""#)) == [])
    }

    @Test func patternWithoutConditionsMatchesEveryEvent() throws {
        let matcher = try PatternMatcher([EventPattern(conditions: [])])
        #expect(matcher.match(EventFields(flattening: try JSONValue.parse("{}"), paths: matcher.paths)) == [0])
    }

    @Test func noPatternsMatchNothing() throws {
        let matcher = try PatternMatcher([])
        #expect(matcher.match(EventFields(flattening: try JSONValue.parse(#"{"a": 1}"#), paths: matcher.paths)) == [])
    }

    // MARK: API

    @Test func fieldsOnPathsTheMatcherDoesNotKnowAreIgnored() throws {
        let matcher = try PatternMatcher([try EventPattern(json: #"{"a": ["1"]}"#)])
        var extended = matcher.paths
        extended.insert(["envelope", "id"])
        let fields = EventFields(flattening: try JSONValue.parse(#"{"envelope": {"id": "x"}, "a": "1"}"#), paths: extended)
        #expect(fields.fields.count == 2)
        #expect(matcher.match(fields) == [0])
    }

    @Test func matchAppendsToWhatTheCallerHas() throws {
        let matcher = try PatternMatcher([try EventPattern(json: #"{"a": ["1"]}"#)])
        var scratch = PatternMatcher.Scratch()
        var out = [99]
        matcher.match(EventFields(flattening: try JSONValue.parse(#"{"a": "1"}"#), paths: matcher.paths), into: &out, scratch: &scratch)
        #expect(out == [99, 0])
    }

    @Test func scratchKeepsWorkingWhenItsStampsWrapAround() throws {
        let matcher = try PatternMatcher([try EventPattern(json: #"{"a": ["1"], "b": [{"anything-but": "x"}]}"#)])
        let hit = EventFields(flattening: try JSONValue.parse(#"{"a": "1", "b": "y"}"#), paths: matcher.paths)
        let miss = EventFields(flattening: try JSONValue.parse(#"{"a": "1", "b": "x"}"#), paths: matcher.paths)
        var scratch = PatternMatcher.Scratch()
        var out: [Int] = []
        matcher.match(hit, into: &out, scratch: &scratch)
        scratch.storage!.generation = UInt32.max - 2
        for i in 0..<6 {
            out.removeAll()
            matcher.match(i % 2 == 0 ? hit : miss, into: &out, scratch: &scratch)
            #expect(out == (i % 2 == 0 ? [0] : []), "event \(i)")
        }
    }

    @Test func copiedScratchDoesNotShareMemory() throws {
        let matcher = try PatternMatcher([try EventPattern(json: #"{"a": ["1"]}"#)])
        let fields = EventFields(flattening: try JSONValue.parse(#"{"a": "1"}"#), paths: matcher.paths)
        var a = PatternMatcher.Scratch()
        var out: [Int] = []
        matcher.match(fields, into: &out, scratch: &a)
        var b = a
        matcher.match(fields, into: &out, scratch: &b)
        #expect(a.storage !== b.storage)
        #expect(out == [0, 0])
    }
}

/// Keys in the matcher's byte table, by tag.
func byteKeysByTag(_ matcher: PatternMatcher) -> [ByteTag: Int] {
    var counts: [ByteTag: Int] = [:]
    for slot in matcher.tables.byteSlots where slot.owner != .max {
        counts[ByteTag(rawValue: slot.owner & 7)!, default: 0] += 1
    }
    return counts
}
