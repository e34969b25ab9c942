import EventPatterns
import Testing

@Suite struct JSONValueParserTests {
    @Test func parsesEveryKindOfValue() throws {
        let v = try JSONValue.parse(#" {"s": "x", "n": -1.5e3, "t": true, "f": false, "z": null, "a": [1, [], {}]} "#)
        #expect(
            v
                == .object([
                    .init(key: "s", value: .string("x")),
                    .init(key: "n", value: .number("-1.5e3")),
                    .init(key: "t", value: .bool(true)),
                    .init(key: "f", value: .bool(false)),
                    .init(key: "z", value: .null),
                    .init(key: "a", value: .array([.number("1"), .array([]), .object([])])),
                ]))
    }

    @Test func numbersKeepTheirLiteralText() throws {
        #expect(try JSONValue.parse("5.0") == .number("5.0"))
        #expect(try JSONValue.parse("5E+0") == .number("5E+0"))
        #expect(try JSONValue.parse("-0") == .number("-0"))
        #expect(try JSONValue.parse("123456789012345678901234567890") == .number("123456789012345678901234567890"))
    }

    @Test func scalarsAtTopLevelAreAccepted() throws {
        #expect(try JSONValue.parse("\"x\"") == .string("x"))
        #expect(try JSONValue.parse("null") == .null)
    }

    @Test func escapesAreResolved() throws {
        #expect(try JSONValue.parse(#""a\"b\\c\/d\b\f\n\r\t""#) == .string("a\"b\\c/d\u{8}\u{c}\n\r\t"))
        #expect(try JSONValue.parse(#""\u00e9\u65E5""#) == .string("é日"))
        #expect(try JSONValue.parse(#""\ud83d\ude00""#) == .string("😀"))
        #expect(try JSONValue.parse(#""\u0000""#) == .string("\u{0}"))
    }

    @Test func rawUTF8IsKept() throws {
        #expect(try JSONValue.parse("\"Zürich-αβ-日本-😀\"") == .string("Zürich-αβ-日本-😀"))
    }

    @Test func duplicateKeysAreKeptInOrder() throws {
        let v = try JSONValue.parse(#"{"a": 1, "a": 2}"#)
        #expect(v.objectValue?.map(\.value) == [.number("1"), .number("2")])
        #expect(v["a"] == .number("1"))
    }

    @Test(arguments: [
        ("", "empty input"),
        ("   ", "empty input"),
        ("{", "end of input"),
        ("[1,]", "expected a value"),
        ("[1 2]", "expected ',' or ']'"),
        (#"{"a" 1}"#, "expected ':'"),
        (#"{"a": 1,}"#, "expected a string key"),
        ("{'a': 1}", "expected a string key"),
        ("01", "leading zero"),
        ("1.", "digit after '.'"),
        ("1e", "digit in the exponent"),
        ("-", "expected a digit"),
        ("+1", "expected a value"),
        (".5", "expected a value"),
        ("NaN", "expected a value"),
        ("tru", "expected 'true'"),
        ("nulls", "expected 'null'"),
        ("1 2", "after the JSON value"),
        (#""abc"#, "unterminated string"),
        ("\"a\u{1}b\"", "control character"),
        ("\"a\nb\"", "control character"),
        (#""\x""#, "invalid escape"),
        (#""\u12G4""#, "invalid hex digit"),
        (#""\ud800""#, "lone high surrogate"),
        (#""\ud800\u0041""#, "not followed by a low surrogate"),
        (#""\udc00""#, "lone low surrogate"),
    ])
    func rejectsMalformedInput(_ text: String, _ reason: String) {
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(text) }
        do {
            _ = try JSONValue.parse(text)
        } catch {
            #expect(error.message.contains(reason), "\(text): \(error.message)")
        }
    }

    @Test func rejectsInvalidUTF8() {
        for bytes: [UInt8] in [
            [0x22, 0xFF, 0x22],  // never valid
            [0x22, 0xC0, 0xAF, 0x22],  // overlong '/'
            [0x22, 0xED, 0xA0, 0x80, 0x22],  // encoded surrogate
            [0x22, 0xE6, 0x97, 0x22],  // truncated
            [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22],  // above U+10FFFF
        ] {
            #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(bytes) }
        }
    }

    @Test func rejectsAByteOrderMark() throws {
        let error = try #require(throws: JSONSyntaxError.self) { try JSONValue.parse([0xEF, 0xBB, 0xBF, 0x31]) }
        #expect(error.message.contains("byte order mark"))
    }

    @Test func errorsGiveOffsetLineAndColumn() throws {
        let error = try #require(throws: JSONSyntaxError.self) { try JSONValue.parse("{\n  \"é\": [1,\n    x]\n}") }
        #expect(error.line == 3)
        #expect(error.column == 5)
        #expect(error.offset == 18)
        #expect(error.description.hasPrefix("3:5: "))
    }

    @Test func nestingDeeperThanTheLimitIsAnErrorNotACrash() throws {
        let ok = String(repeating: "[", count: JSONValue.maxDepth) + String(repeating: "]", count: JSONValue.maxDepth)
        _ = try JSONValue.parse(ok)
        let deep = String(repeating: "[", count: 100_000)
        let error = try #require(throws: JSONSyntaxError.self) { try JSONValue.parse(deep) }
        #expect(error.message.contains("nesting deeper than \(JSONValue.maxDepth)"))
        let deepObjects = String(repeating: #"{"a":"#, count: 600)
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(deepObjects) }
    }

    @Test func parsesALargeString() throws {
        let big = String(repeating: "x", count: 1 << 20)
        #expect(try JSONValue.parse("\"\(big)\"") == .string(big))
    }
}

@Suite struct JSONValueSerializationTests {
    @Test func jsonTextIsCompactAndKeepsOrder() throws {
        let v = try JSONValue.parse(#" { "b" : [ 1 , 2.50 ] , "a" : { } , "c" : null, "d": true } "#)
        #expect(v.jsonText == #"{"b":[1,2.50],"a":{},"c":null,"d":true}"#)
    }

    @Test func stringsAreEscapedMinimally() {
        #expect(JSONValue.string("a\"b\\c/é\n\u{1}\u{7F}").jsonText == #""a\"b\\c/é\n\u0001"# + "\u{7F}\"")
    }

    @Test func jsonTextRoundTrips() throws {
        let text = #"{"k":["x",{"y":[null,false,-0.0e-1]}],"😀":"\u0000\t"}"#
        let v = try JSONValue.parse(text)
        #expect(try JSONValue.parse(v.jsonText) == v)
    }

    @Test func literalsBuildValues() {
        let v: JSONValue = ["n": 5, "f": 0.5, "s": "x", "a": [true, nil]]
        #expect(v.jsonText == #"{"n":5,"f":0.5,"s":"x","a":[true,null]}"#)
    }
}
