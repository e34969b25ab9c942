import EventPatterns
import Testing
import Events

@Suite struct EventScannerErrorTests {
    @Test(arguments: [
        (#"{"a": "#, 6),
        (#"{"a": "unterminated"#, 19),
        (#"{"a": [1, 2"#, 11),
        (#"{"a": tr"#, 8),
        (#"{"a": -"#, 7),
        (#"{"a": 1."#, 8),
        (#"{"a": "\u12"#, 11),
        (#"{"a": "\"#, 8),
        (#"{"#, 1),
        ("", 0),
        ("   ", 3),
    ])
    func reportsUnexpectedEndAtTheEndOfInput(json: String, offset: Int) {
        #expect(scanError(json, [["a"]]) == EventDecodingError(offset: offset, reason: .unexpectedEnd))
        #expect(scanError(json) == EventDecodingError(offset: offset, reason: .unexpectedEnd))
    }

    @Test func reportsTheByteThatBreaksTheGrammar() {
        #expect(scanError(#"{"a" 1}"#) == EventDecodingError(offset: 5, reason: .unexpectedByte(UInt8(ascii: "1"), expected: "':'")))
        #expect(scanError(#"{"a": 1 "b": 2}"#)?.reason == .unexpectedByte(UInt8(ascii: "\""), expected: "',' or '}'"))
        #expect(scanError(#"{"a": [1 2]}"#, [["a"]])?.reason == .unexpectedByte(UInt8(ascii: "2"), expected: "',' or ']'"))
        #expect(scanError(#"{"a": [1 2]}"#)?.reason == .unexpectedByte(UInt8(ascii: "2"), expected: "',' or ']'"))
        #expect(scanError(#"{"a": [1,]}"#, [["a"]])?.offset == 9)
        #expect(scanError(#"{"a": 1,}"#)?.reason == .unexpectedByte(UInt8(ascii: "}"), expected: "a key"))
        #expect(scanError(#"{,}"#)?.offset == 1)
        #expect(scanError(#"{"a": }"#)?.reason == .unexpectedByte(UInt8(ascii: "}"), expected: "a value"))
        #expect(scanError(#"{"a": [}"#)?.offset == 7)
        #expect(scanError(#"{"a": {]}"#)?.offset == 7)
        #expect(scanError(#"{'a': 1}"#)?.offset == 1)
        #expect(scanError(#"{"a": .5}"#)?.reason == .unexpectedByte(UInt8(ascii: "."), expected: "a value"))
    }

    @Test func rejectsATopLevelValueOtherThanAnObject() {
        for json in ["[1]", "\"s\"", " 5", "true", "null"] {
            #expect(scanError(json)?.reason == .topLevelNotObject, "\(json)")
        }
        #expect(scanError("  [1]")?.offset == 2)
    }

    @Test func rejectsDataAfterTheTopLevelObject() {
        #expect(scanError(#"{} x"#) == EventDecodingError(offset: 3, reason: .trailingData))
        #expect(scanError(#"{"a":1}{}"#) == EventDecodingError(offset: 7, reason: .trailingData))
        #expect(scanError("{}\n\t ") == nil)
    }

    @Test(arguments: [
        ([0xC0, 0x80], "overlong NUL"),
        ([0xC1, 0xBF], "overlong 2-byte"),
        ([0xE0, 0x80, 0xAF], "overlong 3-byte"),
        ([0xF0, 0x80, 0x80, 0xAF], "overlong 4-byte"),
        ([0xED, 0xA0, 0x80], "UTF-8 encoded high surrogate"),
        ([0xED, 0xBF, 0xBF], "UTF-8 encoded low surrogate"),
        ([0xF4, 0x90, 0x80, 0x80], "above U+10FFFF"),
        ([0xF5, 0x80, 0x80, 0x80], "lead byte F5"),
        ([0xFF], "byte FF"),
        ([0x80], "lone continuation byte"),
        ([0xE2, 0x82], "sequence cut short by the closing quote"),
        ([0xC3, 0x41], "continuation byte missing"),
    ] as [([UInt8], String)])
    func rejectsInvalidUTF8InNamedAndSkippedStrings(sequence: [UInt8], label: String) {
        for prefix in [#"{"a": "x"#, #"{"skip": "x"#, #"{"x"#] {
            let bytes = Array(prefix.utf8) + sequence + Array(#"y", "z": 1}"#.utf8)
            let error = scanError(bytes, [["a"]])
            #expect(error == EventDecodingError(offset: prefix.utf8.count, reason: .invalidUTF8), "\(label) after \(prefix)")
        }
    }

    @Test func acceptsEveryValidUTF8Boundary() throws {
        let scalars: [Unicode.Scalar] = ["\u{80}", "\u{7FF}", "\u{800}", "\u{D7FF}", "\u{E000}", "\u{FFFF}", "\u{10000}", "\u{10FFFF}"]
        let text = String(String.UnicodeScalarView(scalars))
        #expect(try scanned("{\"a\": \"\(text)\"}", [["a"]]).first?.text == text)
    }

    @Test func rejectsInvalidUTF8OutsideStrings() {
        #expect(scanError(Array("{\"a\": ".utf8) + [0xC3, 0xA9] + Array("}".utf8))?.reason == .unexpectedByte(0xC3, expected: "a value"))
    }

    @Test func rejectsUnescapedControlCharacters() {
        #expect(scanError("{\"a\": \"x\ny\"}", [["a"]]) == EventDecodingError(offset: 8, reason: .controlCharacterInString))
        #expect(scanError("{\"a\": \"x\u{0}y\"}") == EventDecodingError(offset: 8, reason: .controlCharacterInString))
        #expect(scanError("{\"a\tb\": 1}") == EventDecodingError(offset: 3, reason: .controlCharacterInString))
        #expect(scanError("{\"a\": \"\u{7F}\"}") == nil, "DEL is not a control character in JSON")
    }

    @Test func rejectsInvalidEscapes() {
        #expect(scanError(#"{"a": "\x"}"#, [["a"]]) == EventDecodingError(offset: 7, reason: .invalidEscape))
        #expect(scanError(#"{"a": "\'"}"#) == EventDecodingError(offset: 7, reason: .invalidEscape))
        #expect(scanError(#"{"a": "\U0041"}"#) == EventDecodingError(offset: 7, reason: .invalidEscape))
        #expect(scanError(#"{"a": "\u12G4"}"#) == EventDecodingError(offset: 7, reason: .invalidUnicodeEscape))
        #expect(scanError(#"{"a": "\u-123"}"#) == EventDecodingError(offset: 7, reason: .invalidUnicodeEscape))
    }

    @Test func rejectsUnpairedSurrogateEscapes() {
        for body in [#"\uD800"#, #"\uDBFF x"#, #"\uDC00"#, #"\uDFFF"#, #"\uD800\u0041"#, #"\uD800\n"#, #"\uDE00\uD83D"#] {
            #expect(scanError(#"{"a": "\#(body)"}"#, [["a"]]) == EventDecodingError(offset: 7, reason: .unpairedSurrogate), "\(body)")
            #expect(scanError(#"{"a": "\#(body)"}"#) == EventDecodingError(offset: 7, reason: .unpairedSurrogate), "\(body)")
        }
        #expect(scanError(#"{"a": "\uD800\uDC0"}"#)?.reason == .invalidUnicodeEscape)
    }

    @Test(arguments: ["01", "-01", "00", "1.", "1.e5", "1e", "1e+", "-", "-a", "1E-"])
    func rejectsNumbersOutsideTheGrammar(literal: String) {
        let named = scanError(#"{"a": \#(literal)}"#, [["a"]])
        let skipped = scanError(#"{"a": \#(literal)}"#)
        #expect(named?.reason == .invalidNumber, "\(literal): \(String(describing: named))")
        #expect(skipped == named)
        #expect(named?.offset == 6)
    }

    @Test func rejectsNumberSignsTheGrammarLacks() {
        #expect(scanError(#"{"a": +1}"#)?.reason == .unexpectedByte(UInt8(ascii: "+"), expected: "a value"))
        #expect(scanError(#"{"a": 1x}"#)?.reason == .unexpectedByte(UInt8(ascii: "x"), expected: "',' or '}'"))
        #expect(scanError(#"{"a": NaN}"#)?.offset == 6)
        #expect(scanError(#"{"a": Infinity}"#)?.offset == 6)
    }

    @Test func rejectsMisspelledLiterals() {
        for literal in ["tru ", "True", "nul}", "fals", "nulll", "tRUE"] {
            let error = scanError(#"{"a": \#(literal)}"#, [["a"]])
            #expect(error != nil, "\(literal)")
            #expect(error?.offset ?? 0 >= 6)
        }
        #expect(scanError(#"{"a": nulx}"#) == EventDecodingError(offset: 6, reason: .invalidLiteral))
        #expect(scanError(#"{"a": True}"#)?.reason == .unexpectedByte(UInt8(ascii: "T"), expected: "a value"))
    }

    @Test func rejectsDuplicatesOfAKeyItReads() {
        #expect(scanError(#"{"a": 1, "a": 2}"#, [["a"]]) == EventDecodingError(offset: 9, reason: .duplicateKey))
        #expect(scanError(#"{"d": {"x": 1, "y": 2, "x": 3}}"#, [["d", "x"]]) == EventDecodingError(offset: 23, reason: .duplicateKey))
        // Envelope keys are always read.
        #expect(scanError(#"{"id": "1", "id": "2"}"#)?.reason == .duplicateKey)
        // An escaped spelling is the same key.
        #expect(scanError(#"{"a": 1, "\u0061": 2}"#, [["a"]])?.reason == .duplicateKey)
        // The same key in sibling objects is no duplicate.
        #expect(scanError(#"{"c": [{"a": 1}, {"a": 2}], "d": {"a": 3}}"#, [["c", "a"], ["d", "a"]]) == nil)
    }

    @Test func toleratesDuplicatesOfKeysItSkips() {
        #expect(scanError(#"{"z": 1, "z": 2, "d": {"q": 1, "q": 2}}"#, [["a"]]) == nil)
    }

    @Test func detectsDuplicatesAmongMoreThan64SiblingKeys() {
        let keys = (0..<100).map { "k\($0)" }
        let paths = keys.map { [$0] }
        let object = "{" + keys.map { "\"\($0)\": 1" }.joined(separator: ",")
        #expect(scanError(object + "}", paths) == nil)
        #expect(scanError(object + #", "k99": 2}"#, paths)?.reason == .duplicateKey)
        #expect(scanError(object + #", "k3": 2}"#, paths)?.reason == .duplicateKey)
    }

    @Test func reportsErrorsInsideSkippedValues() {
        #expect(scanError(#"{"skip": {"x": [1, {"y": "\q"}]}}"#) == EventDecodingError(offset: 26, reason: .invalidEscape))
        #expect(scanError(#"{"skip": [1, 2}"#)?.offset == 14)
    }

    @Test func describesErrorsWithReasonAndOffset() {
        #expect(EventDecodingError(offset: 123, reason: .invalidUTF8).description == "invalid UTF-8 at byte 123")
        #expect(EventDecodingError(offset: 9, reason: .unexpectedEnd).description == "unexpected end of input at byte 9")
        #expect(EventDecodingError(offset: 0, reason: .nestingTooDeep(limit: 512)).message == "nesting deeper than 512 at byte 0")
        #expect(EventDecodingError(offset: 5, reason: .unexpectedByte(UInt8(ascii: "1"), expected: "':'")).message
            == "expected ':' but found '1' at byte 5")
        #expect(EventDecodingError(offset: 5, reason: .unexpectedByte(0x07, expected: "a value")).message
            == "expected a value but found byte 0x07 at byte 5")
        #expect(EventDecodingError(offset: 1, reason: .duplicateKey).code == "invalid-json")
    }
}
