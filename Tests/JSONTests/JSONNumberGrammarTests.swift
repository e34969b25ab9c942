import JSON
import Testing

/// RFC 8259's number grammar, the one every reader uses.
@Suite struct JSONNumberGrammarTests {
    @Test func acceptsEveryFormOfTheGrammar() {
        for literal in ["0", "-0", "7", "-12", "0.5", "10.25", "1e5", "1E+5", "1e-5", "-0.0e-0", "12345678901234567890123"] {
            #expect(JSONNumberGrammar.isValid(Array(literal.utf8)), "\(literal)")
        }
    }

    @Test func rejectsWhatTheGrammarDoesNotAllow() {
        for text in ["", "-", "01", "-01", "1.", ".5", "1e", "1e+", "+1", "1.e5", "0x10", "1 ", " 1", "NaN", "Infinity", "1.5.5"] {
            #expect(!JSONNumberGrammar.isValid(Array(text.utf8)), "\(text)")
        }
    }

    @Test func aScanSaysWhetherTheInputEndedOrABytePreventedTheLiteral() {
        func scan(_ text: String) -> String {
            switch Array(text.utf8).withUnsafeBufferPointer({ JSONNumberGrammar.scan($0, from: 0) }) {
            case .number(let end): "number to \(end)"
            case .truncated: "truncated"
            case .invalid: "invalid"
            }
        }
        #expect(scan("12,") == "number to 2")
        #expect(scan("-1.5e+3}") == "number to 7")
        #expect(scan("0.") == "truncated")
        #expect(scan("1e-") == "truncated")
        #expect(scan("-") == "truncated")
        #expect(scan("01") == "invalid")
        #expect(scan("1.x") == "invalid")
        #expect(scan("-a") == "invalid")
        #expect(scan("x") == "invalid")
    }
}
