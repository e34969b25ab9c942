import EventPatterns
import Testing

@Suite struct NumericFilterTests {
    @Test func greaterThanExcludesTheBound() throws {
        #expect(try !filter(#"{"numeric": [">", 10]}"#, matches: "10"))
        #expect(try filter(#"{"numeric": [">", 10]}"#, matches: "10.000001"))
        #expect(try filter(#"{"numeric": [">=", 10]}"#, matches: "10"))
        #expect(try filter(#"{"numeric": [">=", 10]}"#, matches: "1e1"))
        #expect(try !filter(#"{"numeric": [">=", 10]}"#, matches: "9.999999"))
    }

    @Test func lessThanExcludesTheBound() throws {
        #expect(try !filter(#"{"numeric": ["<", 0]}"#, matches: "0"))
        #expect(try !filter(#"{"numeric": ["<", 0]}"#, matches: "-0"))
        #expect(try filter(#"{"numeric": ["<", 0]}"#, matches: "-1e-9"))
        #expect(try filter(#"{"numeric": ["<=", -1.5]}"#, matches: "-1.5"))
        #expect(try !filter(#"{"numeric": ["<=", -1.5]}"#, matches: "-1.4"))
    }

    @Test func twoBoundsMakeARange() throws {
        let f = #"{"numeric": [">=", 0, "<", 100]}"#
        #expect(try parseFilter(f) == .numeric(NumericRange(
            lower: .init(ComparableNumber(0), inclusive: true), upper: .init(ComparableNumber(100), inclusive: false))))
        #expect(try filter(f, matches: "0"))
        #expect(try filter(f, matches: "99.99"))
        #expect(try !filter(f, matches: "100"))
        #expect(try !filter(f, matches: "-0.5"))
        #expect(try filter(#"{"numeric": [">", 0, "<=", 5]}"#, matches: "5"))
    }

    @Test func equalsMatchesTheSameValue() throws {
        let f = #"{"numeric": ["=", 3.5]}"#
        #expect(try parseFilter(f) == .number(ComparableNumber(3.5)))
        #expect(try filter(f, matches: "3.5"))
        #expect(try filter(f, matches: "3.50"))
        #expect(try filter(f, matches: "35e-1"))
        #expect(try !filter(f, matches: "3.5000001"))
        #expect(try filter(#"{"numeric": ["=", 3.018e2]}"#, matches: "301.8"))
    }

    @Test func numericMatchesOnlyNumbers() throws {
        #expect(try !filter(#"{"numeric": [">", 10]}"#, matches: #""11""#))
        #expect(try !filter(#"{"numeric": [">", 0]}"#, matches: "true"))
        #expect(try !filter(#"{"numeric": ["<", 1]}"#, matches: "null"))
    }

    @Test func rangesCoverTheWholeDoubleRange() throws {
        #expect(try filter(#"{"numeric": [">", 1000000000, "<=", 5000000000]}"#, matches: "5000000000"))
        #expect(try filter(#"{"numeric": [">", 5e9]}"#, matches: "5000000001"))
        #expect(try filter(#"{"numeric": ["<", -1e300]}"#, matches: "-1e301"))
    }

    @Test func comparesPastTheSixthDecimal() throws {
        #expect(try filter(#"{"numeric": [">", 0.0000001]}"#, matches: "0.00000011"))
        #expect(try !filter(#"{"numeric": [">", 0.0000001]}"#, matches: "0.0000001"))
    }

    @Test func numbersBeyondDoublePrecisionAreInNoRange() throws {
        #expect(try !filter(#"{"numeric": [">", 0]}"#, matches: "12345678901234567890"))
        #expect(try !filter(#"{"numeric": [">", 0]}"#, matches: "1e400"))
        #expect(try !filter(#"{"numeric": ["<", 1]}"#, matches: "1e-400"))
    }
}
