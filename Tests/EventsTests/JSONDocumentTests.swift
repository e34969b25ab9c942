import EventPatterns
import Testing
import Events

@Suite struct JSONDocumentTests {
    func flattened(_ json: String, _ paths: [[String]]) throws -> [FlatField] {
        var fields = EventFields()
        let paths = fieldPaths(paths)
        try JSONDocument(parsing: json).flatten(paths: paths, into: &fields)
        return fields.flat(paths)
    }

    @Test func flattensByTheScannersContract() throws {
        let json = #"{"skip": [[1]], "a": [[1, "x"], [], [{"b": null}]], "c": {"d": true}, "e": {"f": 1}}"#
        let paths = [["a"], ["a", "b"], ["c", "d"], ["e"]]
        #expect(try flattened(json, paths) == [
            FlatField(["a"], .number, "1", trail: [(0, 0), (1, 0)]),
            FlatField(["a"], .string, "x", trail: [(0, 0), (1, 1)]),
            FlatField(["a", "b"], .null, trail: [(0, 2), (3, 0)]),
            FlatField(["c", "d"], .true),
        ])
        #expect(try flattened(json, paths) == scanned(json, paths))
    }

    @Test func flattensARealEventLikeTheScanner() throws {
        let bytes = try Fixtures.autoScalingLaunch
        let scanner = EventScanner(paths: fieldPaths([["detail", "Details", "Availability Zone"], ["detail", "Cause"]]))
        var fromDocument = EventFields()
        try JSONDocument(parsing: bytes).flatten(paths: scanner.paths, into: &fromDocument)
        var scanning = scanner
        var fromScanner = EventFields()
        try scanning.scan(bytes, into: &fromScanner)
        #expect(fromDocument.flat(scanner.paths) == fromScanner.flat(scanner.paths))
    }

    @Test func keepsNumberLiteralsLikeTheScanner() throws {
        let json = #"{"n": [1.50, 1.5E+2, -0, 100, 0.1, 1e-7, 12345678901234567890123], "m": {"x": -2e0}}"#
        let paths = [["n"], ["m", "x"]]
        let fields = try flattened(json, paths)
        #expect(fields.map(\.text) == ["1.50", "1.5E+2", "-0", "100", "0.1", "1e-7", "12345678901234567890123", "-2e0"])
        #expect(fields == (try scanned(json, paths)))
    }

    @Test func acceptsIntegersBeyond64Bits() throws {
        // jansson needs a second parse with JSON_DECODE_INT_AS_REAL; the text stays exact.
        let json = #"{"n": 123456789012345678901234567890, "m": 5}"#
        let document = try JSONDocument(parsing: json)
        #expect(document.serializedText() == #"{"n":123456789012345678901234567890,"m":5}"#)
        #expect(try flattened(json, [["n"], ["m"]]).map(\.text) == ["123456789012345678901234567890", "5"])
    }

    @Test func rejectsNumbersBeyondTheRangeOfADouble() {
        // A documented difference: the scanner keeps the literal, jansson has nowhere to put it.
        #expect(parseError(Array(#"{"n": 1e400}"#.utf8))?.kind == .numberOutOfRange)
        #expect(parseError(Array("{\"n\": \(String(repeating: "9", count: 400))}".utf8))?.kind == .numberOutOfRange)
        #expect(scanError(#"{"n": 1e400}"#) == nil)
    }

    @Test func rejectsEveryDuplicateKey() {
        // A documented difference: the scanner rejects only duplicates among keys it reads.
        #expect(parseError(Array(#"{"z": 1, "z": 2}"#.utf8))?.kind == .duplicateKey)
        #expect(parseError(Array(#"{"d": {"q": [{"r": 1, "r": 1}]}}"#.utf8))?.kind == .duplicateKey)
        #expect(scanError(#"{"z": 1, "z": 2}"#) == nil)
    }

    @Test func rejectsNulInKeysButNotInValues() throws {
        // A documented difference: jansson keys are C strings.
        #expect(parseError(Array(#"{"a\u0000b": 1}"#.utf8))?.kind == .nulInKey)
        #expect(scanError(#"{"a\u0000b": 1}"#) == nil)
        #expect(try flattened(#"{"s": "a\u0000b"}"#, [["s"]]).first?.value == [0x61, 0x00, 0x62])
    }

    @Test func rejectsNulBytesJanssonWouldSkip() {
        // jansson's lexer drops a NUL that follows a literal or a number; the
        // document refuses NUL bytes first so that both readers reject them.
        for json in ["{\"a\": false\u{0}}", "{\"a\": 12\u{0}}", "{\"a\": null}\u{0}"] {
            #expect(parseError(Array(json.utf8))?.kind == .syntax, "\(json.debugDescription)")
            #expect(scanError(json) != nil, "\(json.debugDescription)")
        }
        #expect(parseError(Array("{\"a\": 1}\u{0}".utf8))?.position == 8)
    }

    @Test func flattensNothingFromATopLevelArray() throws {
        var fields = EventFields()
        fields.append(path: 0, kind: .null, value: [], trail: [])
        try JSONDocument(parsing: "[{\"a\": 1}]", requireObject: false).flatten(paths: fieldPaths([["a"]]), into: &fields)
        #expect(fields.fields.isEmpty)
    }

    @Test func reportsLineColumnAndPosition() {
        let error = parseError(Array("{\n  \"a\": tru\n}".utf8))
        #expect(error?.line == 2)
        #expect(error?.kind == .syntax)
        #expect(error?.position ?? 0 > 0)
        #expect(error?.description.hasPrefix("line 2, column") == true)
        #expect(error?.code == "invalid-json")
    }

    @Test func classifiesTheErrorsItReports() {
        #expect(parseError(Array(#"{"a": 1"#.utf8))?.kind == .unexpectedEnd)
        #expect(parseError(Array(#"{"a": 1} x"#.utf8))?.kind == .trailingData)
        #expect(parseError(Array(#"{"a": "x"#.utf8) + [0xC0, 0x80] + Array(#""}"#.utf8))?.kind == .invalidUTF8)
        #expect(parseError(Array("[1]".utf8))?.kind == .topLevelNotObject)
        #expect(parseError(Array("[1]".utf8), requireObject: false) == nil)
        #expect(parseError(Array("  7".utf8))?.position == 2)
        #expect(parseError([])?.kind == .unexpectedEnd)
    }

    @Test func serializesCompactlyInDocumentOrder() throws {
        let document = try JSONDocument(parsing: "{ \"b\" : [ 1 , 2.5 , true , null ] ,\n \"a\" : { \"s\" : \"x\\\"\\\\\\n\\u0001é\\/\" } }")
        #expect(document.serializedText() == #"{"b":[1,2.5,true,null],"a":{"s":"x\"\\\n\u0001é/"}}"#)
        #expect(document.serializedText(at: ["a"]) == #"{"s":"x\"\\\n\u0001é/"}"#)
        #expect(document.serializedText(at: ["b"]) == "[1,2.5,true,null]")
        #expect(document.serializedText(at: ["missing"]) == nil)
    }

    @Test func serializationParsesBackToTheSameDocument() throws {
        let original = try JSONDocument(parsing: try Fixtures.autoScalingLaunch)
        let again = try JSONDocument(parsing: original.serialized()!)
        #expect(again.serialized() == original.serialized())
        #expect(again.value() == original.value())
    }

    @Test func readsValuesAtPathsOfKeys() throws {
        let document = try JSONDocument(parsing: try Fixtures.spotInterruption)
        #expect(document.string(at: ["detail", "instance-id"]) == "i-1234567890abcdef0")
        #expect(document.string(at: ["detail"]) == nil)
        #expect(document.string(at: ["detail", "instance-id", "deeper"]) == nil)
        #expect(document.contains(["detail", "instance-action"]))
        #expect(!document.contains(["detail", "nope"]))
        #expect(document.value(at: ["detail"]) == .object([
            .init(key: "instance-id", value: .string("i-1234567890abcdef0")),
            .init(key: "instance-action", value: .string("terminate")),
        ]))
        #expect(document.value(at: ["resources"]) == .array([.string("arn:aws:ec2:us-east-2a:instance/i-1234567890abcdef0")]))
        #expect(document.isObject)
    }

    @Test func readsScalarsAsJSONValues() throws {
        let document = try JSONDocument(parsing: #"{"n": -12, "r": 0.5, "t": true, "f": false, "z": null, "e": ""}"#)
        #expect(document.value(at: ["n"]) == .number("-12"))
        #expect(document.value(at: ["r"]) == .number("0.5"))
        #expect(document.value(at: ["t"]) == .bool(true))
        #expect(document.value(at: ["f"]) == .bool(false))
        #expect(document.value(at: ["z"]) == .null)
        #expect(document.value(at: ["e"]) == .string(""))
        #expect(document.string(at: ["e"]) == "")
    }

    @Test func isSafeToReadFromManyTasks() async throws {
        let document = try JSONDocument(parsing: try Fixtures.autoScalingLaunch)
        let paths = fieldPaths([["detail", "EC2InstanceId"]])
        let results = await withTaskGroup(of: [FlatField].self) { group in
            for _ in 0..<8 {
                group.addTask {
                    var fields = EventFields()
                    for _ in 0..<200 { document.flatten(paths: paths, into: &fields) }
                    return fields.flat(paths)
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(Set(results.map(\.description)).count == 1)
    }
}
