import EventPatterns
import Testing

@Suite struct AnythingButFilterTests {
    @Test func singleStringExcludesOnlyThatString() throws {
        let f = #"{"anything-but": "terminated"}"#
        #expect(try parseFilter(f) == .anythingBut(.strings(["terminated"])))
        #expect(try filter(f, matches: #""running""#))
        #expect(try !filter(f, matches: #""terminated""#))
        #expect(try filter(f, matches: #""Terminated""#))
    }

    @Test func stringListMatchesValuesOfOtherTypes() throws {
        let f = #"{"anything-but": ["a", "b"]}"#
        #expect(try filter(f, matches: #""c""#))
        #expect(try !filter(f, matches: #""b""#))
        #expect(try filter(f, matches: "5"))
        #expect(try filter(f, matches: "true"))
        #expect(try filter(f, matches: "null"))
    }

    @Test func numberListExcludesEqualNumbers() throws {
        let f = #"{"anything-but": [0, 143]}"#
        #expect(try parseFilter(f) == .anythingBut(.numbers([ComparableNumber(0), ComparableNumber(143)])))
        #expect(try !filter(f, matches: "0"))
        #expect(try !filter(f, matches: "0.0"))
        #expect(try !filter(f, matches: "1.43e2"))
        #expect(try filter(f, matches: "137"))
    }

    @Test func numberListMatchesValuesOfOtherTypes() throws {
        let f = #"{"anything-but": 0}"#
        #expect(try filter(f, matches: #""0""#))
        #expect(try filter(f, matches: "null"))
        #expect(try filter(f, matches: "false"))
    }

    @Test func numberListMatchesNumbersBeyondDoublePrecision() throws {
        #expect(try filter(#"{"anything-but": [1]}"#, matches: "12345678901234567890"))
    }

    @Test func prefixExcludesStringsWithThatPrefix() throws {
        let f = #"{"anything-but": {"prefix": "init"}}"#
        #expect(try !filter(f, matches: #""initializing""#))
        #expect(try !filter(f, matches: #""init""#))
        #expect(try filter(f, matches: #""Init""#))
        #expect(try filter(f, matches: #""running""#))
        #expect(try filter(f, matches: "5"))
        #expect(try filter(f, matches: "null"))
    }

    @Test func prefixListExcludesEachPrefix() throws {
        let f = #"{"anything-but": {"prefix": ["dev-", "test-"]}}"#
        #expect(try !filter(f, matches: #""dev-x""#))
        #expect(try !filter(f, matches: #""test-y""#))
        #expect(try filter(f, matches: #""prod-z""#))
    }

    @Test func suffixExcludesStringsWithThatSuffix() throws {
        let f = #"{"anything-but": {"suffix": ".tmp"}}"#
        #expect(try !filter(f, matches: #""a.tmp""#))
        #expect(try filter(f, matches: #""a.tmp.txt""#))
        #expect(try filter(f, matches: "1"))
    }

    @Test func equalsIgnoreCaseExcludesAnyCasing() throws {
        let f = #"{"anything-but": {"equals-ignore-case": ["OK", "INSUFFICIENT_DATA"]}}"#
        #expect(try !filter(f, matches: #""ok""#))
        #expect(try !filter(f, matches: #""Insufficient_Data""#))
        #expect(try filter(f, matches: #""ALARM""#))
        #expect(try filter(f, matches: "true"))
    }

    @Test func wildcardExcludesMatchingStrings() throws {
        let f = #"{"anything-but": {"wildcard": "*-test-*"}}"#
        #expect(try !filter(f, matches: #""asg-test-1""#))
        #expect(try filter(f, matches: #""asg-prod-1""#))
        #expect(try filter(f, matches: "7"))
        #expect(try !filter(#"{"anything-but": {"wildcard": ["a*", "*z"]}}"#, matches: #""xyz""#))
    }
}
