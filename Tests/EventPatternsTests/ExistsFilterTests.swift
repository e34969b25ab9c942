import EventPatterns
import Testing

@Suite struct ExistsFilterTests {
    @Test func existsTrueMatchesEveryPresentScalar() throws {
        for value in [#""""#, #""x""#, "0", "false", "null"] {
            #expect(try filter(#"{"exists": true}"#, matches: value), "\(value)")
        }
    }

    @Test func existsFalseNeverMatchesAPresentValue() throws {
        for value in [#""""#, "0", "null"] {
            #expect(try !filter(#"{"exists": false}"#, matches: value), "\(value)")
        }
    }

    @Test func existsTrueNeedsAScalarAtThePath() throws {
        let p = #"{"detail": {"x": [{"exists": true}]}}"#
        #expect(try referenceMatch(p, #"{"detail": {"x": 1}}"#))
        #expect(try referenceMatch(p, #"{"detail": {"x": null}}"#))
        #expect(try referenceMatch(p, #"{"detail": {"x": [1]}}"#))
        #expect(try !referenceMatch(p, #"{"detail": {"x": []}}"#))
        #expect(try !referenceMatch(p, #"{"detail": {"x": {"y": 1}}}"#))
        #expect(try !referenceMatch(p, #"{"detail": {}}"#))
        #expect(try !referenceMatch(p, #"{"detail": 5}"#))
    }

    @Test func existsFalseHoldsWhenNoScalarIsAtThePath() throws {
        let p = #"{"detail": {"x": [{"exists": false}]}}"#
        #expect(try referenceMatch(p, #"{"detail": {}}"#))
        #expect(try referenceMatch(p, #"{}"#))
        #expect(try referenceMatch(p, #"{"detail": {"x": []}}"#))
        #expect(try referenceMatch(p, #"{"detail": {"x": [[], []]}}"#))
        #expect(try referenceMatch(p, #"{"detail": {"x": {"y": 1}}}"#))
        #expect(try referenceMatch(p, #"{"detail": "x"}"#))
        #expect(try !referenceMatch(p, #"{"detail": {"x": null}}"#))
        #expect(try !referenceMatch(p, #"{"detail": {"x": [null]}}"#))
        #expect(try !referenceMatch(p, #"{"detail": {"x": 0}}"#))
    }

    @Test func existsFalseLooksAcrossEveryArrayElement() throws {
        let p = #"{"c": {"name": ["web"], "x": [{"exists": false}]}}"#
        #expect(try referenceMatch(p, #"{"c": [{"name": "web"}]}"#))
        #expect(try !referenceMatch(p, #"{"c": [{"name": "web"}, {"x": 1}]}"#))
    }

    @Test func existsFalseOrAValue() throws {
        let p = #"{"a": [{"exists": false}, "y"]}"#
        #expect(try referenceMatch(p, #"{}"#))
        #expect(try referenceMatch(p, #"{"a": "y"}"#))
        #expect(try !referenceMatch(p, #"{"a": "n"}"#))
    }
}
