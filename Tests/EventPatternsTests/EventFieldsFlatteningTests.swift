import JSON
import EventPatterns
import Testing

@Suite struct EventFieldsFlatteningTests {
    struct Row: Equatable, CustomStringConvertible {
        var path: String
        var kind: FieldKind
        var value: String
        var trail: [[Int32]]
        var description: String { "\(path) \(kind) \(value) \(trail)" }
    }

    func rows(_ event: String, _ wanted: [[String]]) throws -> [Row] {
        var paths = FieldPaths()
        for p in wanted { paths.insert(p) }
        let fields = EventFields(flattening: try JSONValue.parse(event), paths: paths)
        return fields.fields.map { f in
            Row(
                path: paths.segments(of: f.path).joined(separator: "."), kind: f.kind, value: fields.string(of: f),
                trail: fields.trail(of: f).map { [$0.array, $0.index] })
        }
    }

    @Test func yieldsOnlyWantedScalarsInDocumentOrder() throws {
        let r = try rows(
            #"{"source": "aws.ec2", "detail": {"x": 1, "state": "running", "other": {"state": "no"}}, "id": "1"}"#,
            [["detail", "state"], ["source"]])
        #expect(r == [Row(path: "source", kind: .string, value: "aws.ec2", trail: []),
                      Row(path: "detail.state", kind: .string, value: "running", trail: [])])
    }

    @Test func valuesFollowTheContract() throws {
        let r = try rows(#"{"s": "a\"\u00e9", "n": 5.0e0, "t": true, "f": false, "z": null}"#,
                         [["s"], ["n"], ["t"], ["f"], ["z"]])
        #expect(r.map(\.kind) == [.string, .number, .true, .false, .null])
        #expect(r.map(\.value) == ["a\"é", "5.0e0", "", "", ""])
    }

    @Test func objectsAndEmptyArraysAreNotFields() throws {
        #expect(try rows(#"{"a": {"b": 1}, "c": [], "d": [[]]}"#, [["a"], ["c"], ["d"]]).isEmpty)
    }

    @Test func arrayElementsCarryTheirPositions() throws {
        let r = try rows(#"{"tags": ["x", "y"], "n": 1}"#, [["tags"], ["n"]])
        #expect(r == [Row(path: "tags", kind: .string, value: "x", trail: [[0, 0]]),
                      Row(path: "tags", kind: .string, value: "y", trail: [[0, 1]]),
                      Row(path: "n", kind: .number, value: "1", trail: [])])
    }

    @Test func arraysOfObjectsShareTheArrayId() throws {
        let r = try rows(#"{"c": [{"name": "web", "code": 1}, {"name": "db", "code": 2}]}"#,
                         [["c", "name"], ["c", "code"]])
        #expect(r.map(\.trail) == [[[0, 0]], [[0, 0]], [[0, 1]], [[0, 1]]])
        #expect(r.map(\.value) == ["web", "1", "db", "2"])
    }

    @Test func arrayIdsCountInDocumentOrderOuterFirst() throws {
        let r = try rows(
            #"{"a": [[1], [], [2, [3]]], "skip": [9], "b": [{"c": [4]}, {"c": 5}]}"#, [["a"], ["b", "c"]])
        // a: array 0; its elements [1] → 1, [] → 2, [2,[3]] → 3, [3] → 4; b: 5; b[0].c: 6.
        #expect(r == [
            Row(path: "a", kind: .number, value: "1", trail: [[0, 0], [1, 0]]),
            Row(path: "a", kind: .number, value: "2", trail: [[0, 2], [3, 0]]),
            Row(path: "a", kind: .number, value: "3", trail: [[0, 2], [3, 1], [4, 0]]),
            Row(path: "b.c", kind: .number, value: "4", trail: [[5, 0], [6, 0]]),
            Row(path: "b.c", kind: .number, value: "5", trail: [[5, 1]]),
        ])
    }

    @Test func arraysAtUnvisitedKeysGetNoId() throws {
        let r = try rows(#"{"x": [1, 2], "y": {"z": [3]}, "a": [7]}"#, [["a"]])
        #expect(r == [Row(path: "a", kind: .number, value: "7", trail: [[0, 0]])])
    }

    @Test func duplicateKeysNeverReachTheFlattening() throws {
        // Two values for one key would be ambiguous: a parsed document holds
        // one member per key and parsing rejects duplicates, saying where.
        let error = try #require(throws: JSONSyntaxError.self) { try rows(#"{"a": 1, "a": [2]}"#, [["a"]]) }
        #expect(error.kind == .duplicateKey)
        #expect(error.path == [.key("a")])
    }

    @Test func aNodeCanBeBothALeafAndAParent() throws {
        let r = try rows(#"{"a": [5, {"b": 6}]}"#, [["a"], ["a", "b"]])
        #expect(r.map(\.path) == ["a", "a.b"])
        #expect(r.map(\.trail) == [[[0, 0]], [[0, 1]]])
    }

    @Test func topLevelThatIsNotAnObjectYieldsNothing() throws {
        #expect(try rows(#"[{"a": 1}]"#, [["a"]]).isEmpty)
        #expect(try rows(#""a""#, [["a"]]).isEmpty)
    }

    @Test func flattenReusesTheBuffers() throws {
        var paths = FieldPaths()
        paths.insert(["a"])
        var fields = EventFields(flattening: try JSONValue.parse(#"{"a": [1, 2, 3]}"#), paths: paths)
        fields.flatten(try JSONValue.parse(#"{"a": "x"}"#), paths: paths)
        #expect(fields.fields.count == 1)
        #expect(fields.positions.isEmpty)
        #expect(fields.string(of: fields.fields[0]) == "x")
    }
}
