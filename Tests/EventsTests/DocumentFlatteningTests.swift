import EventPatterns
import Events
import JSON
import Testing

/// A whole document (`JSONValue`, jansson) flattened by the scanner's
/// contract yields the scanner's fields; where jansson's data model is
/// stricter, it says so.
@Suite struct DocumentFlatteningTests {
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
        let fromDocument = EventFields(flattening: try JSONValue.parse(bytes), paths: scanner.paths)
        var scanning = scanner
        var fromScanner = EventFields()
        try scanning.scan(bytes, into: &fromScanner)
        #expect(fromDocument.flat(scanner.paths) == fromScanner.flat(scanner.paths))
    }

    @Test func keepsNumberLiteralsLikeTheScanner() throws {
        let json = #"{"n": [1.50, 1.5E+2, -0, 100, 0.1, 1e-7, 12345678901234567890123, 1e400], "m": {"x": -2e0}}"#
        let paths = [["n"], ["m", "x"]]
        let fields = try flattened(json, paths)
        #expect(fields.map(\.text) == ["1.50", "1.5E+2", "-0", "100", "0.1", "1e-7", "12345678901234567890123", "1e400", "-2e0"])
        #expect(fields == (try scanned(json, paths)))
    }

    @Test func rejectsEveryDuplicateKeyWhereTheScannerRejectsOnlyTheKeysItReads() {
        #expect(parseError(Array(#"{"z": 1, "z": 2}"#.utf8))?.kind == .duplicateKey)
        #expect(parseError(Array(#"{"d": {"q": [{"r": 1, "r": 1}]}}"#.utf8))?.path == [.key("d"), .key("q"), .index(0), .key("r")])
        #expect(scanError(#"{"z": 1, "z": 2}"#) == nil)
        #expect(scanError(#"{"z": 1, "z": 2}"#, [["z"]])?.reason == .duplicateKey)
    }

    @Test func rejectsNulInKeysButNotInValues() throws {
        // jansson's reader cannot hold a `\u0000` in a key; the scanner can.
        #expect(parseError(Array(#"{"a\u0000b": 1}"#.utf8))?.kind == .nulInKey)
        #expect(scanError(#"{"a\u0000b": 1}"#) == nil)
        #expect(try flattened(#"{"s": "a\u0000b"}"#, [["s"]]).first?.value == [0x61, 0x00, 0x62])
    }

    @Test func rejectsNulBytesLikeTheScanner() {
        // jansson's lexer drops a NUL that follows a literal or a number;
        // parsing refuses NUL bytes first, so both readers reject them.
        for json in ["{\"a\": false\u{0}}", "{\"a\": 12\u{0}}", "{\"a\": null}\u{0}"] {
            #expect(parseError(Array(json.utf8))?.kind == .syntax, "\(json.debugDescription)")
            #expect(scanError(json) != nil, "\(json.debugDescription)")
        }
        #expect(parseError(Array("{\"a\": 1}\u{0}".utf8))?.offset == 8)
    }

    @Test func flattensNothingFromATopLevelArray() throws {
        var fields = EventFields()
        fields.append(path: 0, kind: .null, value: [], trail: [])
        fields.flatten(try JSONValue.parse("[{\"a\": 1}]"), paths: fieldPaths([["a"]]))
        #expect(fields.fields.isEmpty)
    }
}
