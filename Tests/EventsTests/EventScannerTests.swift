import EventPatterns
import Testing
import Events

@Suite struct EventScannerTests {
    @Test func emitsNamedScalarsInDocumentOrder() throws {
        let fields = try scanned(#"{"b": 2, "a": "x", "c": true}"#, [["a"], ["b"], ["c"]])
        #expect(fields == [FlatField(["b"], .number, "2"), FlatField(["a"], .string, "x"), FlatField(["c"], .true)])
    }

    @Test func skipsValuesNoPatternNames() throws {
        let json = #"{"skip": {"deep": [1, {"x": "y"}, [true, null]], "s": "\u00e9\n"}, "keep": "k", "other": [1,2]}"#
        #expect(try scanned(json, [["keep"]]) == [FlatField(["keep"], .string, "k")])
    }

    @Test func yieldsEnvelopeFieldsWithoutBeingAsked() throws {
        var scanner = EventScanner(paths: FieldPaths())
        var fields = EventFields()
        try scanner.scan(Fixtures.spotInterruption, into: &fields)
        let flat = fields.flat(scanner.paths)
        #expect(flat.map(\.path) == [["version"], ["id"], ["detail-type"], ["source"], ["account"], ["time"], ["region"], ["resources"]])
        #expect(flat[7] == FlatField(["resources"], .string, "arn:aws:ec2:us-east-2a:instance/i-1234567890abcdef0", trail: [(0, 0)]))
    }

    @Test func exposesTheEnvelopePathIds() {
        let scanner = EventScanner(paths: fieldPaths([["detail", "x"], ["source"]]))
        #expect(scanner.paths.segments(of: scanner.envelope.detailType) == ["detail-type"])
        #expect(scanner.paths.segments(of: scanner.envelope.resources) == ["resources"])
        // A path the patterns already named keeps its id.
        #expect(scanner.envelope.source == fieldPaths([["detail", "x"], ["source"]]).id(of: ["source"]))
    }

    @Test func decodesStringEscapes() throws {
        let json = #"{"s": "q\"b\\s\/n\nt\tr\rb\bf\fu\u00e9\u20AC\ud83d\ude00"}"#
        let fields = try scanned(json, [["s"]])
        #expect(fields.first?.text == "q\"b\\s/n\nt\tr\rb\u{8}f\u{c}u\u{e9}\u{20ac}\u{1F600}")
    }

    @Test func keepsRawUTF8AsIs() throws {
        #expect(try scanned(#"{"s": "é€😀 ok"}"#, [["s"]]).first?.text == "é€😀 ok")
    }

    @Test func keepsNumberLiteralText() throws {
        let json = #"{"n": [0, -0, 1.50, 1.5E+2, -2e-3, 123456789012345678901234567890, 1e400]}"#
        let values = try scanned(json, [["n"]]).map(\.text)
        #expect(values == ["0", "-0", "1.50", "1.5E+2", "-2e-3", "123456789012345678901234567890", "1e400"])
    }

    @Test func literalsHaveKindsAndNoBytes() throws {
        let fields = try scanned(#"{"t": true, "f": false, "n": null}"#, [["t"], ["f"], ["n"]])
        #expect(fields == [FlatField(["t"], .true), FlatField(["f"], .false), FlatField(["n"], .null)])
    }

    @Test func emptyStringIsAStringWithNoBytes() throws {
        #expect(try scanned(#"{"s": ""}"#, [["s"]]) == [FlatField(["s"], .string, "")])
    }

    @Test func descendsIntoNamedObjects() throws {
        let json = #"{"detail": {"a": {"b": "deep"}, "c": 1}, "x": {"a": {"b": "other"}}}"#
        #expect(try scanned(json, [["detail", "a", "b"]]) == [FlatField(["detail", "a", "b"], .string, "deep")])
    }

    @Test func objectAtAWantedLeafIsNotAScalar() throws {
        #expect(try scanned(#"{"a": {"b": 1}, "c": 2}"#, [["a"], ["c"]]) == [FlatField(["c"], .number, "2")])
    }

    @Test func objectAtAWantedNodeWithChildrenIsDescended() throws {
        let fields = try scanned(#"{"a": {"b": 1}}"#, [["a"], ["a", "b"]])
        #expect(fields == [FlatField(["a", "b"], .number, "1")])
    }

    @Test func arrayElementsCarryTheirPosition() throws {
        let fields = try scanned(#"{"a": ["x", "y"]}"#, [["a"]])
        #expect(fields == [FlatField(["a"], .string, "x", trail: [(0, 0)]), FlatField(["a"], .string, "y", trail: [(0, 1)])])
    }

    @Test func arraysOfObjectsKeepElementsApart() throws {
        let json = #"{"c": [{"n": "a", "x": 1}, {"n": "b", "x": 2}]}"#
        let fields = try scanned(json, [["c", "n"], ["c", "x"]])
        #expect(fields == [
            FlatField(["c", "n"], .string, "a", trail: [(0, 0)]), FlatField(["c", "x"], .number, "1", trail: [(0, 0)]),
            FlatField(["c", "n"], .string, "b", trail: [(0, 1)]), FlatField(["c", "x"], .number, "2", trail: [(0, 1)]),
        ])
    }

    @Test func nestedArraysGetTheirOwnIdsAndTrailEntries() throws {
        let fields = try scanned(#"{"a": [[1, 2], [], [3]]}"#, [["a"]])
        #expect(fields == [
            FlatField(["a"], .number, "1", trail: [(0, 0), (1, 0)]),
            FlatField(["a"], .number, "2", trail: [(0, 0), (1, 1)]),
            FlatField(["a"], .number, "3", trail: [(0, 2), (3, 0)]),
        ])
    }

    @Test func arrayIdsCountOnlyArraysThatAreReached() throws {
        // `skip` holds arrays but leads nowhere, so they take no id.
        let json = #"{"skip": [[1], [2]], "a": [1], "b": {"c": [true]}}"#
        let fields = try scanned(json, [["a"], ["b", "c"]])
        #expect(fields == [FlatField(["a"], .number, "1", trail: [(0, 0)]), FlatField(["b", "c"], .true, trail: [(1, 0)])])
    }

    @Test func objectsInsideArraysAtALeafAreSkipped() throws {
        let fields = try scanned(#"{"a": [{"b": 1}, 2]}"#, [["a"]])
        #expect(fields == [FlatField(["a"], .number, "2", trail: [(0, 1)])])
    }

    @Test func escapedKeysMatchTheirDecodedName() throws {
        let fields = try scanned(#"{"d\u0065tail": {"\u00e9t\u00e9": "summer"}}"#, [["detail", "été"]])
        #expect(fields == [FlatField(["detail", "été"], .string, "summer")])
    }

    @Test func keysOfEveryLengthAreTellApart() throws {
        let keys = ["", "k", "eightchr", "sixteen-chars-ok", "seventeen-chars-x", "a-key-well-beyond-sixteen-bytes-long",
            "a-key-well-beyond-sixteen-bytes-lonG"]
        let json = "{" + keys.enumerated().map { "\"\($1)\": \($0)" }.joined(separator: ",") + "}"
        let fields = try scanned(json, keys.map { [$0] })
        #expect(fields.map(\.path) == keys.map { [$0] })
        #expect(fields.map(\.text) == keys.indices.map { String($0) })
        // A key that shares length, first and last eight bytes with a named one is still a different key.
        #expect(try scanned(#"{"a-key-well-beyond-SIXTEEN-bytes-long": 1}"#, [["a-key-well-beyond-sixteen-bytes-long"]]).isEmpty)
    }

    @Test func toleratesWhitespaceEverywhere() throws {
        let json = " \n\t{ \r\n\"a\" \t: [ 1 , { \"b\" : null } ] ,\n\"c\":\"d\" } \n"
        #expect(try scanned(json, [["a"], ["a", "b"], ["c"]]) == [
            FlatField(["a"], .number, "1", trail: [(0, 0)]), FlatField(["a", "b"], .null, trail: [(0, 1)]),
            FlatField(["c"], .string, "d"),
        ])
    }

    @Test func readsAPrettyPrintedAWSEvent() throws {
        let fields = try scanned(try Fixtures.autoScalingLaunch, [["detail", "AutoScalingGroupName"], ["detail", "Details", "Subnet ID"]])
        #expect(fields == [
            FlatField(["detail", "AutoScalingGroupName"], .string, "sampleLuanchSucASG"),
            FlatField(["detail", "Details", "Subnet ID"], .string, "subnet-95bfcebe"),
        ])
    }

    @Test func reusesTheFieldsBuffersAcrossEvents() throws {
        var scanner = EventScanner(paths: fieldPaths([["a"]]))
        var fields = EventFields()
        try scanner.scan(Array(#"{"a": ["one", "two", "three"]}"#.utf8), into: &fields)
        try scanner.scan(Array(#"{"a": "x"}"#.utf8), into: &fields)
        #expect(fields.flat(scanner.paths).filter { $0.path == ["a"] } == [FlatField(["a"], .string, "x")])
        #expect(fields.positions.isEmpty)
        #expect(fields.bytes.capacity >= "onetwothree".utf8.count)
    }

    @Test func scansRawBuffersLikeArrays() throws {
        let bytes = Array(#"{"a": [1, "b"]}"#.utf8)
        var scanner = EventScanner(paths: fieldPaths([["a"]]))
        var fromArray = EventFields()
        var fromBuffer = EventFields()
        try scanner.scan(bytes, into: &fromArray)
        try bytes.withUnsafeBytes { raw in try scanner.scan(raw, into: &fromBuffer) }
        #expect(fromArray.flat(scanner.paths) == fromBuffer.flat(scanner.paths))
    }

    @Test func aCopiedScannerIsIndependent() throws {
        var first = EventScanner(paths: fieldPaths([["a"]]))
        var second = first
        var one = EventFields()
        var two = EventFields()
        try first.scan(Array(#"{"a": [1]}"#.utf8), into: &one)
        try second.scan(Array(#"{"a": {"x": 1}, "b": [2]}"#.utf8), into: &two)
        try first.scan(Array(#"{"a": [3]}"#.utf8), into: &one)
        #expect(one.flat(first.paths).filter { $0.path == ["a"] } == [FlatField(["a"], .number, "3", trail: [(0, 0)])])
    }
}
