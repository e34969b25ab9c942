import CJansson

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A JSON value held by jansson: the one model of a whole document (rule and
/// test file values, patterns, templates, engine-made events and outputs,
/// state records, tools). The event hot path never builds one; it scans
/// bytes (`EventScanner`).
///
/// Value semantics by immutable sharing: a `JSONValue` owns one jansson
/// reference to a node that nobody changes once built (the constructors fill
/// only containers they have just made and not yet handed out). Copying a
/// value, or putting it into an array or object, shares the node; jansson
/// counts references atomically in this build (`JSON_HAVE_ATOMIC_BUILTINS`)
/// and the last owner frees it. Reading never writes, so values are `Sendable`.
/// A string or number built on its own (a template's rendered field, a key)
/// stays Swift text until it is put into an array or object: most are only
/// ever read as text, and a jansson node would cost two allocations each.
///
/// Where jansson's data model and the contracts meet, decided here and
/// tested in JSONTests:
/// - Numbers keep their literal text (`0.10`, `1.5E+2`, `-0`, a 30-digit id,
///   `1e400`), because outputs echo numbers as events and rules wrote them.
///   jansson's integer and real nodes keep a `long long` or a `double`
///   (and reject `1e400`), so a number is held as a jansson string node whose
///   bytes are 0xFF followed by the literal. 0xFF never occurs in UTF-8: no
///   string can look like a number. Parsing swaps jansson's number nodes for
///   these, taking each literal from the input text.
/// - Objects keep their members in order (jansson ≥ 2.8 keeps insertion order).
/// - Duplicate keys: parsing rejects every one (`JSON_REJECT_DUPLICATES`),
///   saying where (`JSONSyntaxError.path`). An object holds one member per
///   key, so building one from members that repeat a key keeps the last
///   value, at the first one's position (as jansson's `json_object_set` does).
/// - `\u0000` is kept in strings and in keys built here, but parsing rejects
///   it in a key: jansson's reader cannot hold one.
/// - Nesting deeper than `maxDepth` is rejected (jansson alone allows 2048).
/// - Writing is ours: compact, members in order, numbers as their literals,
///   strings by `JSONStringEscaping` (jansson's writer would print `0.10` as
///   `0.10000000000000001`).
package struct JSONValue: Sendable {
    /// Owns one jansson reference to `node`.
    final class Storage: @unchecked Sendable {
        // Sendable: `node` is never mutated after construction and jansson's
        // reference counts are atomic (see the type's comment).
        let node: UnsafeMutablePointer<json_t>

        init(owning node: UnsafeMutablePointer<json_t>) { self.node = node }

        deinit { cjansson_decref(node) }
    }

    enum Representation: Sendable {
        case node(Storage)
        /// A string or a number (its literal) not in a document.
        case string(String)
        case number(String)
    }

    let representation: Representation

    /// Takes over the caller's reference to `node`.
    init(owning node: UnsafeMutablePointer<json_t>) {
        representation = .node(Storage(owning: node))
    }

    /// Adds a reference to `node`, which belongs to a container.
    init(borrowing node: UnsafeMutablePointer<json_t>) {
        representation = .node(Storage(owning: cjansson_incref(node)!))
    }

    private init(_ representation: Representation) {
        self.representation = representation
    }

    /// The jansson node, when the value is one.
    var node: UnsafeMutablePointer<json_t>? {
        if case .node(let storage) = representation { storage.node } else { nil }
    }

    /// A new reference to a jansson node for this value, for a container to own.
    func retainedNode() -> UnsafeMutablePointer<json_t> {
        switch representation {
        case .node(let storage):
            return cjansson_incref(storage.node)!
        case .string(var text):
            return text.withUTF8 { json_stringn_nocheck(Self.cString($0), $0.count)! }
        case .number(var literal):
            return literal.withUTF8 { Self.numberNode($0) }
        }
    }

    /// One member of an object, for building objects and reading them in order.
    package struct Member: Hashable, Sendable {
        package var key: String
        package var value: JSONValue

        package init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// The value one level deep, for code that switches over the kinds.
    /// Building the arrays costs; hot paths use the accessors below.
    package enum Content: Hashable, Sendable {
        case null
        case bool(Bool)
        /// The number's literal text.
        case number(String)
        case string(String)
        case array([JSONValue])
        case object([Member])
    }

    // MARK: - Building

    package static let null = JSONValue(.node(Storage(owning: json_null())))
    private static let trueValue = JSONValue(.node(Storage(owning: json_true())))
    private static let falseValue = JSONValue(.node(Storage(owning: json_false())))

    package static func bool(_ value: Bool) -> JSONValue { value ? trueValue : falseValue }

    package static func string(_ value: String) -> JSONValue { JSONValue(.string(value)) }

    /// A number with the literal text `literal`, which must follow the JSON
    /// number grammar (`JSONNumberGrammar`); it is written back exactly.
    package static func number(_ literal: String) -> JSONValue { JSONValue(.number(literal)) }

    package static func number(_ value: Int64) -> JSONValue { number(String(value)) }

    package static func number(_ value: Int) -> JSONValue { number(String(value)) }

    /// A number the engine computed, in `JSONNumberGrammar.literal(for:)`'s form.
    package static func number(_ value: Double) -> JSONValue { number(JSONNumberGrammar.literal(for: value)) }

    package static func array(_ elements: [JSONValue]) -> JSONValue {
        let array = json_array()!
        for element in elements { json_array_append_new(array, element.retainedNode()) }
        return JSONValue(owning: array)
    }

    /// An object with `members` in order; a repeated key keeps its last value
    /// at its first position.
    package static func object(_ members: [Member]) -> JSONValue {
        let object = json_object()!
        for member in members { set(member.key, member.value, in: object) }
        return JSONValue(owning: object)
    }

    package static func object(_ members: KeyValuePairs<String, JSONValue>) -> JSONValue {
        let object = json_object()!
        for (key, value) in members { set(key, value, in: object) }
        return JSONValue(owning: object)
    }

    private static func set(_ key: String, _ value: JSONValue, in object: UnsafeMutablePointer<json_t>) {
        var key = key
        _ = key.withUTF8 { json_object_setn_new_nocheck(object, cString($0), $0.count, value.retainedNode()) }
    }

    /// The number marker: the first byte of a string node that holds a number literal.
    static let numberTag: UInt8 = 0xFF

    static func numberNode(_ literal: UnsafeBufferPointer<UInt8>) -> UnsafeMutablePointer<json_t> {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: literal.count + 1) { buffer in
            buffer[0] = numberTag
            if literal.count > 0 {
                _ = UnsafeMutableBufferPointer(rebasing: buffer[1...]).update(fromContentsOf: literal)
            }
            return buffer.withMemoryRebound(to: CChar.self) { json_stringn_nocheck($0.baseAddress, buffer.count)! }
        }
    }

    /// jansson refuses a null pointer even for zero bytes.
    private static func cString(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafePointer<CChar> {
        guard let base = bytes.baseAddress else { return emptyCString }
        return UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self)
    }

    private static var emptyCString: UnsafePointer<CChar> {
        UnsafeRawPointer(("" as StaticString).utf8Start).assumingMemoryBound(to: CChar.self)
    }

    // MARK: - Reading

    package var content: Content {
        guard let node else { return stringValue.map(Content.string) ?? .number(numberLiteral ?? "") }
        switch node.pointee.type {
        case JSON_OBJECT: return .object(objectValue!)
        case JSON_ARRAY: return .array(arrayValue!)
        case JSON_TRUE: return .bool(true)
        case JSON_FALSE: return .bool(false)
        case JSON_NULL: return .null
        default:
            if let literal = numberLiteral { return .number(literal) }
            return .string(stringValue ?? "")
        }
    }

    package var isNull: Bool { node?.pointee.type == JSON_NULL }

    package var boolValue: Bool? {
        switch node?.pointee.type {
        case JSON_TRUE: true
        case JSON_FALSE: false
        default: nil
        }
    }

    /// The string's text; nil for anything else (numbers included).
    package var stringValue: String? {
        if case .string(let text) = representation { return text }
        return withStringBytes { String(decoding: $0, as: UTF8.self) }
    }

    /// Calls `body` with a string's UTF-8 bytes; nil for anything else.
    package func withStringBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result? {
        switch representation {
        case .string(var text):
            return try text.withUTF8(body)
        case .number:
            return nil
        case .node(let storage):
            guard let bytes = Self.stringBytes(storage.node), bytes.first != Self.numberTag else { return nil }
            return try body(bytes)
        }
    }

    /// A number's literal text; nil for anything else.
    package var numberLiteral: String? {
        switch representation {
        case .number(let literal): return literal
        case .string: return nil
        case .node(let storage):
            let node = storage.node
            switch node.pointee.type {
            case JSON_STRING:
                guard let bytes = Self.stringBytes(node), bytes.first == Self.numberTag else { return nil }
                return String(decoding: bytes.dropFirst(), as: UTF8.self)
            // Never in values made here; in case a jansson number ever gets in.
            case JSON_INTEGER: return String(json_integer_value(node))
            case JSON_REAL: return JSONNumberGrammar.literal(for: json_real_value(node))
            default: return nil
            }
        }
    }

    /// The member named `key` of an object; nil when absent or not an object.
    package subscript(key: String) -> JSONValue? {
        guard let node, node.pointee.type == JSON_OBJECT else { return nil }
        var key = key
        let member = key.withUTF8 { json_object_getn(node, Self.cString($0), $0.count) }
        return member.map(JSONValue.init(borrowing:))
    }

    /// The element at `index` of an array; nil when out of range or not an array.
    package subscript(index: Int) -> JSONValue? {
        guard let node, node.pointee.type == JSON_ARRAY, index >= 0 else { return nil }
        return json_array_get(node, index).map(JSONValue.init(borrowing:))
    }

    /// Elements of an array or members of an object; 0 for anything else.
    package var count: Int {
        guard let node else { return 0 }
        switch node.pointee.type {
        case JSON_ARRAY: return json_array_size(node)
        case JSON_OBJECT: return json_object_size(node)
        default: return 0
        }
    }

    package var arrayValue: [JSONValue]? {
        guard let node, node.pointee.type == JSON_ARRAY else { return nil }
        return (0..<json_array_size(node)).map { JSONValue(borrowing: json_array_get(node, $0)!) }
    }

    /// An object's members, in order.
    package var objectValue: [Member]? {
        guard let node, node.pointee.type == JSON_OBJECT else { return nil }
        var members: [Member] = []
        members.reserveCapacity(json_object_size(node))
        Self.forEachMember(of: node) { key, value in
            members.append(Member(key: String(decoding: key, as: UTF8.self), value: JSONValue(borrowing: value)))
        }
        return members
    }

    /// A short name of the value's JSON type, for messages.
    package var typeName: String {
        switch representation {
        case .string: return "string"
        case .number: return "number"
        case .node(let storage):
            switch storage.node.pointee.type {
            case JSON_OBJECT: return "object"
            case JSON_ARRAY: return "array"
            case JSON_TRUE, JSON_FALSE: return "boolean"
            case JSON_NULL: return "null"
            case JSON_STRING: return numberLiteral == nil ? "string" : "number"
            default: return "number"
            }
        }
    }

    static func stringBytes(_ node: UnsafeMutablePointer<json_t>) -> UnsafeBufferPointer<UInt8>? {
        guard node.pointee.type == JSON_STRING else { return nil }
        let text = json_string_value(node).map { UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self) }
        return UnsafeBufferPointer(start: text, count: json_string_length(node))
    }

    static func forEachMember(
        of object: UnsafeMutablePointer<json_t>, _ body: (UnsafeBufferPointer<UInt8>, UnsafeMutablePointer<json_t>) -> Void
    ) {
        var iterator = json_object_iter(object)
        while let current = iterator {
            let key = UnsafeRawPointer(json_object_iter_key(current)!).assumingMemoryBound(to: UInt8.self)
            body(UnsafeBufferPointer(start: key, count: json_object_iter_key_len(current)), json_object_iter_value(current)!)
            iterator = json_object_iter_next(object, current)
        }
    }
}

// MARK: - Equality

/// Structural: numbers by literal (`1` ≠ `1.0`; compare by value with
/// `ComparableNumber`), members in order.
extension JSONValue: Hashable {
    package static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a.representation, b.representation) {
        case (.node(let x), .node(let y)): return equal(x.node, y.node)
        case (.string(let x), .string(let y)), (.number(let x), .number(let y)): return x == y
        default:
            // One side is Swift text: compare the bytes a jansson node would hold.
            return a.withScalarBytes { x in b.withScalarBytes { y in x.elementsEqual(y) } ?? false } ?? false
        }
    }

    package func hash(into hasher: inout Hasher) {
        if let node { return Self.hash(node, into: &hasher) }
        hasher.combine(JSON_STRING.rawValue)
        _ = withScalarBytes { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// A string's or number's bytes as a jansson string node holds them (a
    /// number with its marker first); nil for anything else.
    private func withScalarBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result? {
        switch representation {
        case .node(let storage): return Self.stringBytes(storage.node).map(body)
        case .string(var text): return text.withUTF8(body)
        case .number(let literal): return ([Self.numberTag] + Array(literal.utf8)).withUnsafeBufferPointer(body)
        }
    }

    private static func equal(_ a: UnsafeMutablePointer<json_t>, _ b: UnsafeMutablePointer<json_t>) -> Bool {
        if a == b { return true }
        let type = a.pointee.type
        guard type == b.pointee.type else { return false }
        switch type {
        case JSON_OBJECT:
            guard json_object_size(a) == json_object_size(b) else { return false }
            var x = json_object_iter(a)
            var y = json_object_iter(b)
            while let i = x, let j = y {
                let length = json_object_iter_key_len(i)
                guard length == json_object_iter_key_len(j), memcmp(json_object_iter_key(i), json_object_iter_key(j), length) == 0,
                      equal(json_object_iter_value(i)!, json_object_iter_value(j)!)
                else { return false }
                x = json_object_iter_next(a, i)
                y = json_object_iter_next(b, j)
            }
            return true
        case JSON_ARRAY:
            let count = json_array_size(a)
            guard count == json_array_size(b) else { return false }
            return (0..<count).allSatisfy { equal(json_array_get(a, $0)!, json_array_get(b, $0)!) }
        case JSON_STRING:
            // A number's marker byte makes it differ from every string.
            let (x, y) = (stringBytes(a)!, stringBytes(b)!)
            return x.count == y.count && (x.count == 0 || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0)
        case JSON_INTEGER, JSON_REAL:
            return JSONValue(borrowing: a).numberLiteral == JSONValue(borrowing: b).numberLiteral
        default:
            return true
        }
    }

    private static func hash(_ node: UnsafeMutablePointer<json_t>, into hasher: inout Hasher) {
        let type = node.pointee.type
        hasher.combine(type.rawValue)
        switch type {
        case JSON_OBJECT:
            forEachMember(of: node) { key, value in
                hasher.combine(bytes: UnsafeRawBufferPointer(key))
                hash(value, into: &hasher)
            }
        case JSON_ARRAY:
            for index in 0..<json_array_size(node) { hash(json_array_get(node, index)!, into: &hasher) }
        case JSON_STRING:
            hasher.combine(bytes: UnsafeRawBufferPointer(stringBytes(node)!))
        default:
            break
        }
    }
}

// MARK: - Literals, so tests and tools can write `["detail": ["n": 5]]`

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByStringLiteral,
    ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    package init(nilLiteral: ()) { self = .null }
    package init(booleanLiteral value: Bool) { self = .bool(value) }
    package init(stringLiteral value: String) { self = .string(value) }
    package init(integerLiteral value: Int) { self = .number(value) }
    /// Swift's shortest round-trip text: `0.1` → `0.1`, `1e-07` → `1e-07`.
    package init(floatLiteral value: Double) { self = .number(value.description) }
    package init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    package init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(elements.map { Member(key: $0.0, value: $0.1) })
    }
}

extension JSONValue: CustomStringConvertible {
    package var description: String { jsonText }
}
