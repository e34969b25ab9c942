import EventPatterns
import Testing

@Suite struct ExactValueFilterTests {
    @Test func stringMatchesOnlyTheSameString() throws {
        #expect(try filter(#""running""#, matches: #""running""#))
        #expect(try !filter(#""running""#, matches: #""Running""#))
        #expect(try !filter(#""running""#, matches: #""running ""#))
        #expect(try filter(#""""#, matches: #""""#))
        #expect(try !filter(#""""#, matches: "null"))
    }

    @Test func stringComparesDecodedText() throws {
        #expect(try filter(#""a\"b\u00e9""#, matches: #""a\"bé""#))
        #expect(try filter(#""Zürich-日本""#, matches: #""Z\u00fcrich-\u65e5\u672c""#))
    }

    @Test func stringNeverMatchesOtherTypes() throws {
        #expect(try !filter(#""5""#, matches: "5"))
        #expect(try !filter(#""true""#, matches: "true"))
        #expect(try !filter(#""null""#, matches: "null"))
    }

    @Test func numberMatchesEqualValues() throws {
        #expect(try filter("5", matches: "5"))
        #expect(try filter("5", matches: "5.0"))
        #expect(try filter("5", matches: "5e0"))
        #expect(try filter("5.0", matches: "0.5e1"))
        #expect(try filter("0", matches: "-0"))
        #expect(try !filter("5", matches: "50"))
        #expect(try !filter("5", matches: "5.0000001"))
        #expect(try filter("-273.15", matches: "-273.15"))
        #expect(try filter("5000000000", matches: "5e9"))
        #expect(try filter("1e300", matches: "1E+300"))
    }

    @Test func numberNeverMatchesAString() throws {
        #expect(try !filter("5", matches: #""5""#))
    }

    @Test func numberBeyondDoublePrecisionMatchesOnlyItsOwnText() throws {
        #expect(try filter("123456789012345678901", matches: "123456789012345678901"))
        #expect(try !filter("123456789012345678901", matches: "123456789012345678900"))
        #expect(try !filter("123456789012345678901", matches: "1.23456789012345678901e20"))
    }

    @Test func booleansAndNullMatchThemselves() throws {
        #expect(try filter("true", matches: "true"))
        #expect(try !filter("true", matches: "false"))
        #expect(try filter("false", matches: "false"))
        #expect(try filter("null", matches: "null"))
        #expect(try !filter("null", matches: #""""#))
        #expect(try !filter("false", matches: "0"))
    }

    @Test func exactlyOperatorIsAnExactString() throws {
        #expect(try parseFilter(#"{"exactly": "x"}"#) == .string("x"))
    }

    @Test func containersAreNeverValues() throws {
        let f = try parseFilter(#""x""#)
        #expect(!f.matches(.array([.string("x")])))
        #expect(!f.matches(.object([])))
    }
}
