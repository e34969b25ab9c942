import JSON
import Foundation
import Yams

/// A rule unit-test file, in the manner of `promtool test rules`: which rules,
/// which input events, which output records to expect. See rules/README.md.
package struct RuleTestFile: Sendable {
    package struct Case: Sendable {
        package var name: String
        package var events: [[UInt8]]
        package var expected: [ExpectedRecord]
        package var location: SourceLocation
    }

    package var path: String
    /// The rules directory, resolved against the test file's folder.
    package var rulesDirectory: String
    package var cases: [Case]

    package static func load(_ path: String) throws(RuleErrors) -> RuleTestFile {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw RuleErrors([RuleError(SourceLocation(file: path, line: 1, column: 1), "cannot read: \(error)")])
        }
        do throws(RuleError) {
            return try parse(path: path, text: text)
        } catch {
            throw RuleErrors([error])
        }
    }

    static func parse(path: String, text: String) throws(RuleError) -> RuleTestFile {
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch {
            throw RuleError(SourceLocation(file: path, line: 1, column: 1), "YAML: \(error)")
        }
        guard let root else { throw RuleError(SourceLocation(file: path, line: 1, column: 1), "empty test file") }
        let top = try RuleNode(node: root, file: path).mapping("a test file")
        try top.checkKeys(["rules", "tests"], in: "a test file")
        let folder = (path as NSString).deletingLastPathComponent
        let rulesDirectory = try top["rules"]?.string("rules") ?? ".."
        var cases: [Case] = []
        for (n, node) in try top.required("tests", in: "a test file").sequence("'tests'").enumerated() {
            let m = try node.mapping("a test")
            try m.checkKeys(["name", "events", "expect"], in: "a test")
            let name = try m.required("name", in: "a test").string("name")
            var events: [[UInt8]] = []
            for (k, e) in try m.required("events", in: "test '\(name)'").sequence("'events'").enumerated() {
                events += try eventLines(e, folder: folder, defaultID: "test-\(n + 1)-event-\(k + 1)")
            }
            var expected: [ExpectedRecord] = []
            for e in try m.required("expect", in: "test '\(name)'").sequence("'expect'") {
                expected.append(try ExpectedRecord(e))
            }
            cases.append(Case(name: name, events: events, expected: expected, location: node.location))
        }
        let resolved = rulesDirectory.hasPrefix("/") ? rulesDirectory : (folder.isEmpty ? rulesDirectory : folder + "/" + rulesDirectory)
        return RuleTestFile(path: path, rulesDirectory: resolved, cases: cases)
    }

    /// An inline event (envelope fields not given get defaults), or `file:` a
    /// JSON Lines file, or `raw:` a line used as is (to test dead letters).
    private static func eventLines(_ node: RuleNode, folder: String, defaultID: String) throws(RuleError) -> [[UInt8]] {
        let m = try node.mapping("an event")
        if let file = m["file"] {
            let rel = try file.string("file")
            let path = rel.hasPrefix("/") ? rel : folder + "/" + rel
            guard let data = FileManager.default.contents(atPath: path) else { throw file.error("cannot read '\(path)'") }
            return [UInt8](data).split(separator: UInt8(ascii: "\n")).map(Array.init).filter { !$0.isEmpty }
        }
        if let raw = m["raw"] { return [Array(try raw.string("raw").utf8)] }
        guard var members = try node.json().objectValue else { throw node.error("an event must be a mapping") }
        guard members.contains(where: { $0.key == "time" }) else {
            throw node.error("an inline event needs 'time' (rules run in event time)")
        }
        let defaults: [(String, JSONValue)] = [
            ("version", .string("0")), ("id", .string(defaultID)), ("detail-type", .string("Test Event")),
            ("source", .string("test")), ("account", .string("123456789012")), ("region", .string("us-east-1")),
            ("resources", .array([])), ("detail", .object([])),
        ]
        for (k, v) in defaults where !members.contains(where: { $0.key == k }) {
            members.append(.init(key: k, value: v))
        }
        return [JSONValue.object(members).jsonBytes]
    }
}
