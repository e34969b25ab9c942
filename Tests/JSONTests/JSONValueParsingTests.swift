import JSON
import Testing

/// Reading JSON text with jansson: what is accepted, what is kept, and how
/// a rejection says where and why.
@Suite struct JSONValueParsingTests {
    @Test func parsesEveryKindOfValue() throws {
        let v = try JSONValue.parse(#" {"s": "x", "n": -1.5e3, "t": true, "f": false, "z": null, "a": [1, [], {}]} "#)
        #expect(v == ["s": "x", "n": .number("-1.5e3"), "t": true, "f": false, "z": nil, "a": [1, [], [:]]])
    }

    @Test func numbersKeepTheirLiteralText() throws {
        for literal in ["5.0", "5E+0", "-0", "0.10", "1.50", "1e-7", "123456789012345678901234567890", "1e400", "-2.5E-400"] {
            let v = try JSONValue.parse(literal)
            #expect(v.numberLiteral == literal)
            #expect(v == .number(literal))
            #expect(v.jsonText == literal)
        }
    }

    @Test func numbersBeyondALongLongOrADoubleAreKeptInsideDocuments() throws {
        // jansson alone rejects these (`too big integer`, `real number overflow`).
        let text = #"{"id":123456789012345678901234567890,"big":[1e400,0.10,-1E-999],"n":7}"#
        let v = try JSONValue.parse(text)
        #expect(v.jsonText == text)
        #expect(v["big"]?[0]?.numberLiteral == "1e400")
        #expect(v["n"]?.numberLiteral == "7")
    }

    @Test func keepingHugeNumbersNeverAcceptsInvalidText() throws {
        for text in [#"{"a": 1e400, "b": --5}"#, "[--1e400]", "[1e400x]", "[1e400 1]", #"{"a": 1e400, "b": 01}"#] {
            #expect(throws: JSONSyntaxError.self, "\(text)") { try JSONValue.parse(text) }
        }
    }

    @Test func scalarsAtTopLevelAreAccepted() throws {
        #expect(try JSONValue.parse("\"x\"") == "x")
        #expect(try JSONValue.parse(" null ") == nil)
        #expect(try JSONValue.parse("true") == true)
    }

    @Test func escapesAreResolved() throws {
        #expect(try JSONValue.parse(#""a\"b\\c\/d\b\f\n\r\t""#) == .string("a\"b\\c/d\u{8}\u{c}\n\r\t"))
        #expect(try JSONValue.parse(#""\u00e9\u65E5""#) == "é日")
        #expect(try JSONValue.parse(#""\ud83d\ude00""#) == "😀")
    }

    @Test func rawUTF8IsKept() throws {
        #expect(try JSONValue.parse("\"Zürich-αβ-日本-😀\"") == "Zürich-αβ-日本-😀")
    }

    @Test func membersKeepDocumentOrder() throws {
        let v = try JSONValue.parse(#"{"z": 1, "a": 2, "m": 3}"#)
        #expect(v.objectValue?.map(\.key) == ["z", "a", "m"])
    }

    @Test func duplicateKeysAreRejectedWithThePathToThem() throws {
        let top = try #require(throws: JSONSyntaxError.self) { try JSONValue.parse(#"{"a": 1, "b": 2, "a": 3}"#) }
        #expect(top.kind == .duplicateKey)
        #expect(top.path == [.key("a")])
        #expect(top.message == #"duplicate key "a""#)
        // Keys are compared decoded: "a\u0062" is "ab".
        let nested = try #require(throws: JSONSyntaxError.self) {
            try JSONValue.parse(#"{"x": [{}, {"k": [1, {}]}, {"a\u0062": 1, "c": {"d": 0}, "ab": 2}]}"#)
        }
        #expect(nested.path == [.key("x"), .index(2), .key("ab")])
    }

    @Test func nulIsKeptInStringsButRejectedInKeys() throws {
        #expect(try JSONValue.parse(#""a\u0000b""#).stringValue == "a\u{0}b")
        #expect(try JSONValue.parse(#"{"k": "\u0000"}"#).jsonText == #"{"k":"\u0000"}"#)
        let error = try #require(throws: JSONSyntaxError.self) { try JSONValue.parse(#"{"a\u0000b": 1}"#) }
        #expect(error.kind == .nulInKey)
        // Built in Swift, a key may hold one.
        #expect(JSONValue.object(["a\u{0}b": 1])["a\u{0}b"] == 1)
    }

    @Test func nulBytesAreRejectedWhereverTheyAre() throws {
        for text in ["{\"a\": false\u{0}}", "{\"a\": 12\u{0}}", "null\u{0}", "\"a\u{0}\""] {
            let error = try #require(throws: JSONSyntaxError.self, "\(text.debugDescription)") { try JSONValue.parse(text) }
            #expect(error.message == "NUL byte")
        }
    }

    @Test(arguments: [
        ("", JSONSyntaxError.Kind.unexpectedEnd),
        ("   ", .unexpectedEnd),
        ("{", .unexpectedEnd),
        ("[1,]", .syntax),
        ("[1 2]", .syntax),
        (#"{"a" 1}"#, .syntax),
        (#"{"a": 1,}"#, .syntax),
        ("{'a': 1}", .syntax),
        ("01", .syntax),
        ("1.", .syntax),
        ("1e", .syntax),
        ("-", .syntax),
        ("+1", .syntax),
        (".5", .syntax),
        ("NaN", .syntax),
        ("tru", .syntax),
        ("nulls", .syntax),
        ("1 2", .trailingData),
        (#""abc"#, .unexpectedEnd),
        ("\"a\u{1}b\"", .syntax),
        ("\"a\nb\"", .syntax),
        (#""\x""#, .syntax),
        (#""\u12G4""#, .syntax),
        ("\u{FEFF}1", .syntax),
    ])
    func rejectsMalformedInput(_ text: String, _ kind: JSONSyntaxError.Kind) throws {
        let error = try #require(throws: JSONSyntaxError.self) { try JSONValue.parse(text) }
        #expect(error.kind == kind, "\(text.debugDescription): \(error)")
        #expect(!error.message.isEmpty)
    }

    @Test func rejectsLoneSurrogates() throws {
        for text in [#""\ud800""#, #""\udc00""#, #""\ud800\u0041""#, #""x\udbff""#] {
            let error = try #require(throws: JSONSyntaxError.self, "\(text)") { try JSONValue.parse(text) }
            #expect(error.kind == .syntax)
            #expect(error.message.contains("invalid Unicode"), "\(error)")
        }
    }

    @Test func rejectsInvalidUTF8() throws {
        for bytes: [UInt8] in [
            [0x22, 0xFF, 0x22],  // never valid
            [0x22, 0xC0, 0xAF, 0x22],  // overlong '/'
            [0x22, 0xED, 0xA0, 0x80, 0x22],  // encoded surrogate
            [0x22, 0xE6, 0x97, 0x22],  // truncated
            [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22],  // above U+10FFFF
            [0x7B, 0x22, 0xC3, 0x22, 0x3A, 0x31, 0x7D],  // in a key
        ] {
            let error = try #require(throws: JSONSyntaxError.self, "\(bytes)") { try JSONValue.parse(bytes) }
            #expect(error.kind == .invalidUTF8)
        }
    }

    @Test func errorsGiveLineAndColumn() throws {
        let error = try #require(throws: JSONSyntaxError.self) { try JSONValue.parse("{\n  \"é\": [1,\n    x]\n}") }
        #expect(error.line == 3)
        #expect(error.column == 5)
        #expect(error.description.hasPrefix("3:5: "))
    }

    @Test func nestingDeeperThanTheLimitIsAnErrorNotACrash() throws {
        let limit = JSONValue.maxDepth
        _ = try JSONValue.parse(String(repeating: "[", count: limit) + String(repeating: "]", count: limit))
        let tooDeep = try #require(throws: JSONSyntaxError.self) {
            try JSONValue.parse(String(repeating: "[", count: limit + 1) + String(repeating: "]", count: limit + 1))
        }
        #expect(tooDeep.kind == .nestingTooDeep)
        #expect(tooDeep.offset == limit)
        #expect(tooDeep.message == "nesting deeper than \(limit)")
        // Beyond jansson's own limit (2048) too, and unterminated.
        let hostile = try #require(throws: JSONSyntaxError.self) { try JSONValue.parse(String(repeating: "[", count: 100_000)) }
        #expect(hostile.kind == .nestingTooDeep)
        #expect(hostile.message == "nesting deeper than \(limit)")
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(String(repeating: #"{"a":"#, count: 600)) }
    }

    @Test func parsesALargeString() throws {
        let big = String(repeating: "x", count: 1 << 20)
        #expect(try JSONValue.parse("\"\(big)\"").stringValue == big)
    }
}
