import JSON
import Testing

/// Writing JSON: compact, in member order, numbers as their literals,
/// strings escaped minimally; the bytes every output is made of.
@Suite struct JSONValueWritingTests {
    @Test func writesCompactlyInMemberOrder() throws {
        let v = try JSONValue.parse(#" { "b" : [ 1 , 2.50 ] , "a" : { } , "c" : null, "d": true } "#)
        #expect(v.jsonText == #"{"b":[1,2.50],"a":{},"c":null,"d":true}"#)
        #expect(v.jsonBytes == Array(v.jsonText.utf8))
    }

    @Test func stringsAreEscapedMinimally() {
        #expect(JSONValue.string("a\"b\\c/é\n\r\t\u{8}\u{c}\u{1}\u{1F}\u{7F}").jsonText
            == #""a\"b\\c/é\n\r\t\b\f\u0001\u001f"# + "\u{7F}\"")
        #expect(JSONValue.object(["k\"\n": "v"]).jsonText == #"{"k\"\n":"v"}"#)
    }

    @Test func numbersAreWrittenAsTheirLiterals() throws {
        // A rule's `0.10` and an event's `1.50` come back as written.
        #expect(JSONValue.array([.number("0.10"), .number("1.5E+2"), .number("-0")]).jsonText == "[0.10,1.5E+2,-0]")
        #expect(try JSONValue.parse(#"{"p":1.50}"#).jsonText == #"{"p":1.50}"#)
    }

    @Test func numbersTheEngineComputesHaveOneSpelling() {
        #expect(JSONValue.number(3.0).jsonText == "3")
        #expect(JSONValue.number(-0.0).jsonText == "0")
        #expect(JSONValue.number(0.5).jsonText == "0.5")
        #expect(JSONValue.number(0.1 + 0.2).jsonText == "0.30000000000000004")
        #expect(JSONValue.number(1e20).jsonText == "1e+20")
        #expect(JSONValue.number(Int64(1_715_673_600_000)).jsonText == "1715673600000")
    }

    @Test func writingParsesBackToTheSameValue() throws {
        let text = #"{"k":["x",{"y":[null,false,-0.0e-1]}],"😀":"\u0000\t","e":"","n":1e400}"#
        let v = try JSONValue.parse(text)
        #expect(v.jsonText == text)
        #expect(try JSONValue.parse(v.jsonBytes) == v)
    }
}
