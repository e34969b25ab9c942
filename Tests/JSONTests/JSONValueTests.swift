@testable import JSON
import Testing

/// Building and reading values, and how they share jansson nodes.
@Suite struct JSONValueTests {
    @Test func readsMembersElementsAndScalars() throws {
        let v = try JSONValue.parse(#"{"s": "x", "n": 0.10, "b": false, "z": null, "a": ["p", 2], "o": {"k": "v"}}"#)
        #expect(v["s"]?.stringValue == "x")
        #expect(v["n"]?.numberLiteral == "0.10")
        #expect(v["b"]?.boolValue == false)
        #expect(v["z"]?.isNull == true)
        #expect(v["a"]?[1] == 2)
        #expect(v["a"]?[2] == nil)
        #expect(v["a"]?[-1] == nil)
        #expect(v["o"]?["k"] == "v")
        #expect(v["missing"] == nil)
        #expect(v["s"]?["deeper"] == nil)
        #expect(v.count == 6)
        #expect(v["a"]?.arrayValue == ["p", 2])
        #expect(v["o"]?.objectValue == [.init(key: "k", value: "v")])
        #expect(v["a"]?.content == .array(["p", 2]))
        #expect([v["s"], v["n"], v["b"], v["z"], v["a"], v["o"]].map { $0?.typeName } == ["string", "number", "boolean", "null", "array", "object"])
    }

    @Test func aNumberIsNeverAString() {
        #expect(JSONValue.number("1") != .string("1"))
        #expect(JSONValue.number("1").stringValue == nil)
        #expect(JSONValue.string("1").numberLiteral == nil)
        #expect(JSONValue.number("1").withStringBytes { $0.count } == nil)
        #expect(JSONValue.string("ab").withStringBytes { Array($0) } == [0x61, 0x62])
    }

    @Test func equalityComparesLiteralsAndMemberOrder() {
        #expect(JSONValue.number("1") != .number("1.0"))
        let ab: JSONValue = ["a": 1, "b": 2]
        let ba: JSONValue = ["b": 2, "a": 1]
        #expect(ab != ba)
        let nested: JSONValue = ["a": [1, "x"]]
        #expect(nested == ["a": [1, "x"]])
        #expect(Set<JSONValue>([["a": [1, "x"]], ["a": [1, "x"]], [:], []]).count == 3)
    }

    @Test func anObjectBuiltWithARepeatedKeyKeepsTheLastValueAtTheFirstPosition() {
        let v = JSONValue.object([.init(key: "a", value: 1), .init(key: "b", value: 2), .init(key: "a", value: 3)])
        #expect(v.jsonText == #"{"a":3,"b":2}"#)
    }

    @Test func buildingFromAValueLeavesItAsItWas() throws {
        let fields: JSONValue = ["job": "j-1"]
        let merged = JSONValue.object(fields.objectValue! + [.init(key: "queue", value: "q")])
        let wrapped: JSONValue = ["fields": fields, "again": fields]
        #expect(fields.jsonText == #"{"job":"j-1"}"#)
        #expect(merged.jsonText == #"{"job":"j-1","queue":"q"}"#)
        #expect(wrapped.jsonText == #"{"fields":{"job":"j-1"},"again":{"job":"j-1"}}"#)
    }

    @Test func valuesReadOutOfADocumentOutliveIt() throws {
        var detail: JSONValue?
        do {
            let event = try JSONValue.parse(#"{"detail": {"n": 0.10, "s": "x"}, "other": [1, 2, 3]}"#)
            detail = event["detail"]
        }
        #expect(detail?.jsonText == #"{"n":0.10,"s":"x"}"#)
        #expect(detail?.node?.pointee.refcount == 1)
    }

    /// Every jansson reference a value takes is given back: building,
    /// copying, reading and dropping leave a node with the one reference its
    /// owner holds. (A leak or an early free would show here; the whole
    /// engine was also run under valgrind, see the branch's report.)
    @Test func referencesTakenAreGivenBack() throws {
        let probe: JSONValue = ["p": 1]
        let node = try #require(probe.node)
        #expect(node.pointee.refcount == 1)
        do {
            let copy = probe
            let array = JSONValue.array([probe, copy])
            let object: JSONValue = ["p": probe, "a": array]
            let element = array[1]!
            let member = object["p"]!
            let members = object.objectValue!
            #expect(node.pointee.refcount == 1 + 2 + 1 + 1 + 1 + 1)
            withExtendedLifetime((copy, array, object, element, member, members)) {}
        }
        #expect(node.pointee.refcount == 1)

        let parsed = try JSONValue.parse(#"{"a": [1, {"b": "c"}], "d": 2.5}"#)
        let inner = try #require(parsed["a"]?[1]?.node)
        #expect(inner.pointee.refcount == 1)
        do {
            let again = JSONValue.array([parsed["a"]![1]!, parsed])
            #expect(inner.pointee.refcount == 2)
            withExtendedLifetime(again) {}
        }
        #expect(inner.pointee.refcount == 1)
        #expect(parsed.node?.pointee.refcount == 1)
    }

    @Test func aStringOrNumberOnItsOwnIsTheSameValueAsOneInADocument() throws {
        let alone: [JSONValue] = [.string("x"), .number("0.10")]
        let inDocument = try JSONValue.parse(#"["x", 0.10]"#).arrayValue!
        #expect(alone.map(\.node).allSatisfy { $0 == nil })
        #expect(inDocument.map(\.node).allSatisfy { $0 != nil })
        #expect(alone == inDocument)
        #expect(alone.map(\.hashValue) == inDocument.map(\.hashValue))
        #expect(alone.map(\.jsonText) == inDocument.map(\.jsonText))
        #expect(JSONValue.array(alone) == JSONValue.array(inDocument))
        #expect(alone[0] != inDocument[1] && alone[1] != .string("0.10"))
    }

    @Test func isSafeToShareBetweenTasks() async throws {
        let document = try JSONValue.parse(#"{"detail": {"ids": ["a", "b", 3], "n": 1e400}, "source": "x"}"#)
        let results = await withTaskGroup(of: [String].self) { group in
            for _ in 0..<8 {
                group.addTask {
                    var out: [String] = []
                    for i in 0..<500 {
                        let detail = document["detail"]!
                        let built: JSONValue = ["detail": detail, "i": .number(i % 3)]
                        out.append(built.jsonText)
                    }
                    return out
                }
            }
            return await group.reduce(into: []) { $0.append(Set($1)) }
        }
        #expect(Set(results).count == 1)
        #expect(results.first?.count == 3)
    }
}
