import CJansson
import EventPatterns

/// A whole JSON document held by jansson, for the places that need every
/// value (input templates, dead-letter details, tools) rather than the
/// hot path's named fields.
///
/// Parsing agrees with `EventScanner` on what is valid, with these
/// documented exceptions, all from jansson's data model:
/// - every duplicate key is rejected (`JSON_REJECT_DUPLICATES`); the scanner
///   rejects only duplicates among keys it reads;
/// - a `\u0000` in an object key is rejected (jansson keys are C strings);
/// - a number beyond the range of a double is rejected (jansson stores
///   numbers as `long long` or `double`). An integer beyond 64 bits is
///   accepted by parsing again with `JSON_DECODE_INT_AS_REAL`.
/// Nesting deeper than `EventScanner.maximumDepth` is rejected here too,
/// although jansson would go to 2048.
///
/// Numbers keep their literal text, as in the scanner: jansson keeps only a
/// value, so the document finds each number's literal in the input (numbers
/// appear in the same order in the text and in a pre-order walk of the tree,
/// whose objects keep insertion order) and `flatten`, `value(at:)` and
/// `serialized(at:)` use it. `flatten` therefore yields exactly the scanner's
/// fields, byte for byte; the matcher compares numbers by `ComparableNumber`
/// either way.
///
/// Sendable because everything is immutable after `init`: `root` holds the
/// only reference to the tree, nothing in this type mutates it or hands out a
/// pointer into it, and jansson's read functions on a tree no one mutates
/// are safe from several threads. `deinit` releases it once.
public final class JSONDocument: @unchecked Sendable {
    private let root: UnsafeMutablePointer<json_t>
    /// Literal text of each number node, keyed by the node's address.
    private let numberLiterals: [UInt: [UInt8]]

    /// Parses one JSON text; unless `requireObject` is false, its top-level
    /// value must be an object, as an event's is.
    public convenience init(parsing input: UnsafeRawBufferPointer, requireObject: Bool = true) throws(JSONParseError) {
        let (root, literals) = try Self.load(input, requireObject: requireObject)
        self.init(owning: root, numberLiterals: literals)
    }

    public convenience init(parsing bytes: [UInt8], requireObject: Bool = true) throws(JSONParseError) {
        // `withUnsafeBytes` rethrows untyped errors, so the typed one travels in a Result.
        var outcome: Result<(UnsafeMutablePointer<json_t>, [UInt: [UInt8]]), JSONParseError> = .failure(
            JSONParseError(kind: .other, line: 0, column: 0, position: 0, message: "not parsed"))
        bytes.withUnsafeBytes { raw in
            do throws(JSONParseError) {
                outcome = .success(try Self.load(raw, requireObject: requireObject))
            } catch {
                outcome = .failure(error)
            }
        }
        let (root, literals) = try outcome.get()
        self.init(owning: root, numberLiterals: literals)
    }

    public convenience init(parsing text: String, requireObject: Bool = true) throws(JSONParseError) {
        try self.init(parsing: Array(text.utf8), requireObject: requireObject)
    }

    private init(owning root: UnsafeMutablePointer<json_t>, numberLiterals: [UInt: [UInt8]]) {
        self.root = root
        self.numberLiterals = numberLiterals
    }

    deinit {
        cjansson_decref(root)
    }

    private static func load(
        _ input: UnsafeRawBufferPointer, requireObject: Bool
    ) throws(JSONParseError) -> (UnsafeMutablePointer<json_t>, [UInt: [UInt8]]) {
        let flags = Int(JSON_REJECT_DUPLICATES | JSON_DECODE_ANY | JSON_ALLOW_NUL)
        let bytes = UnsafeBufferPointer(start: input.baseAddress?.assumingMemoryBound(to: UInt8.self), count: input.count)
        // A NUL byte is never valid JSON (inside a string it is an unescaped
        // control character), but jansson's lexer drops one that follows a
        // literal or a number (its push-back buffer is NUL-terminated), so
        // refuse NUL bytes before jansson sees them.
        if let nul = bytes.firstIndex(of: 0) {
            throw Self.error(.syntax, at: nul, in: bytes, message: "NUL byte")
        }
        guard let base = input.baseAddress?.assumingMemoryBound(to: CChar.self), input.count > 0 else {
            throw JSONParseError(kind: .unexpectedEnd, line: 1, column: 1, position: 0, message: "unexpected end of input")
        }
        var error = json_error_t()
        var parsed = json_loadb(base, input.count, flags, &error)
        if parsed == nil && cjansson_error_code(&error) == Int32(json_error_numeric_overflow.rawValue) {
            parsed = json_loadb(base, input.count, flags | Int(JSON_DECODE_INT_AS_REAL), &error)
        }
        guard let parsed else { throw Self.error(from: &error) }
        if let position = Self.firstTooDeep(bytes) {
            cjansson_decref(parsed)
            throw Self.error(
                .nestingTooDeep, at: position, in: bytes,
                message: "nesting deeper than \(EventScanner.maximumDepth)")
        }
        if requireObject && parsed.pointee.type != JSON_OBJECT {
            cjansson_decref(parsed)
            var i = 0
            while i < bytes.count && (bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D) { i += 1 }
            throw Self.error(.topLevelNotObject, at: i, in: bytes, message: "top-level value is not an object")
        }
        return (parsed, numberLiterals(parsed, bytes))
    }

    /// Pairs the number literals of `bytes` (a document jansson accepted)
    /// with the tree's number nodes, both in document order.
    private static func numberLiterals(_ root: UnsafeMutablePointer<json_t>, _ bytes: UnsafeBufferPointer<UInt8>) -> [UInt: [UInt8]] {
        var literals: [Range<Int>] = []
        var i = 0
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: "\"") {
                i += 1
                while bytes[i] != UInt8(ascii: "\"") { i += bytes[i] == UInt8(ascii: "\\") ? 2 : 1 }
                i += 1
            } else if c == UInt8(ascii: "-") || JSONLexer.isDigit(c) {
                // In valid JSON only a number starts with these outside a string,
                // and it runs until a delimiter.
                let start = i
                while i < bytes.count, JSONLexer.isDigit(bytes[i]) || "+-.eE".utf8.contains(bytes[i]) { i += 1 }
                literals.append(start..<i)
            } else {
                i += 1
            }
        }
        guard !literals.isEmpty else { return [:] }
        var map = [UInt: [UInt8]](minimumCapacity: literals.count)
        var next = 0
        func visit(_ value: UnsafeMutablePointer<json_t>) {
            switch value.pointee.type {
            case JSON_OBJECT:
                var iterator = json_object_iter(value)
                while let current = iterator {
                    if let member = json_object_iter_value(current) { visit(member) }
                    iterator = json_object_iter_next(value, current)
                }
            case JSON_ARRAY:
                for index in 0..<json_array_size(value) {
                    if let element = json_array_get(value, index) { visit(element) }
                }
            case JSON_INTEGER, JSON_REAL:
                if next < literals.count { map[UInt(bitPattern: value)] = Array(bytes[literals[next]]) }
                next += 1
            default:
                break
            }
        }
        visit(root)
        return map
    }

    // MARK: Flattening

    /// Replaces `fields` with the scalars at the paths `paths` names, by the
    /// same contract as `EventScanner.scan` (see the type's note on numbers).
    package func flatten(paths: FieldPaths, into fields: inout EventFields) {
        fields.removeAll()
        guard root.pointee.type == JSON_OBJECT else { return }
        var walker = Flattener(document: self, paths: paths)
        walker.visit(root, node: FieldPaths.root, into: &fields)
    }

    private struct Flattener {
        let document: JSONDocument
        let paths: FieldPaths
        var nextArray: Int32 = 0
        var trail: [ArrayPosition] = []

        mutating func visit(_ value: UnsafeMutablePointer<json_t>, node: Int32, into fields: inout EventFields) {
            switch value.pointee.type {
            case JSON_OBJECT:
                guard paths.hasChildren(node) else { return }
                var iterator = json_object_iter(value)
                while let current = iterator {
                    let length = json_object_iter_key_len(current)
                    let key = UnsafeRawPointer(json_object_iter_key(current)!).assumingMemoryBound(to: UInt8.self)
                    if let child = paths.child(of: node, key: UnsafeBufferPointer(start: key, count: length)),
                        let member = json_object_iter_value(current)
                    {
                        visit(member, node: child, into: &fields)
                    }
                    iterator = json_object_iter_next(value, current)
                }
            case JSON_ARRAY:
                let id = nextArray
                nextArray += 1
                for index in 0..<json_array_size(value) {
                    trail.append(ArrayPosition(array: id, index: Int32(index)))
                    if let element = json_array_get(value, index) { visit(element, node: node, into: &fields) }
                    trail.removeLast()
                }
            default:
                guard paths.isWanted(node), let (kind, text) = document.scalar(value) else { return }
                fields.append(path: node, kind: kind, value: text, trail: trail)
            }
        }
    }

    /// A scalar's kind and value bytes in the flattened form.
    private func scalar(_ value: UnsafeMutablePointer<json_t>) -> (FieldKind, [UInt8])? {
        switch value.pointee.type {
        case JSON_STRING:
            let count = json_string_length(value)
            guard count > 0, let text = json_string_value(value) else { return (.string, []) }
            return (.string, Array(UnsafeRawBufferPointer(start: text, count: count)))
        case JSON_INTEGER:
            return (.number, numberLiterals[UInt(bitPattern: value)] ?? Array(String(json_integer_value(value)).utf8))
        case JSON_REAL:
            return (.number, numberLiterals[UInt(bitPattern: value)] ?? Array(json_real_value(value).description.utf8))
        case JSON_TRUE: return (.true, [])
        case JSON_FALSE: return (.false, [])
        case JSON_NULL: return (.null, [])
        default: return nil
        }
    }

    // MARK: Accessors

    /// Whether the top-level value is an object.
    public var isObject: Bool { root.pointee.type == JSON_OBJECT }

    /// Whether a value exists at `path` (object keys from the top).
    public func contains(_ path: [String]) -> Bool { node(at: path) != nil }

    /// The string at `path`; nil when absent or not a string.
    public func string(at path: [String]) -> String? {
        guard let value = node(at: path), value.pointee.type == JSON_STRING else { return nil }
        let count = json_string_length(value)
        guard count > 0, let text = json_string_value(value) else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: text, count: count), as: UTF8.self)
    }

    /// Compact JSON text of the value at `path` (the whole document for
    /// `[]`); nil when absent. Members keep document order, numbers their
    /// literal text; strings escape only what JSON requires.
    public func serialized(at path: [String] = []) -> [UInt8]? {
        guard let value = node(at: path) else { return nil }
        var out: [UInt8] = []
        write(value, into: &out)
        return out
    }

    /// `serialized(at:)` as a String.
    public func serializedText(at path: [String] = []) -> String? {
        serialized(at: path).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The value at `path` as a `JSONValue` tree.
    package func value(at path: [String] = []) -> JSONValue? {
        node(at: path).map(tree)
    }

    private func node(at path: [String]) -> UnsafeMutablePointer<json_t>? {
        var current = root
        for key in path {
            guard current.pointee.type == JSON_OBJECT else { return nil }
            var key = key
            let next = key.withUTF8 { utf8 in
                utf8.withMemoryRebound(to: CChar.self) { json_object_getn(current, $0.baseAddress, $0.count) }
            }
            guard let next else { return nil }
            current = next
        }
        return current
    }

    private func tree(_ value: UnsafeMutablePointer<json_t>) -> JSONValue {
        switch value.pointee.type {
        case JSON_OBJECT:
            var members: [JSONValue.Member] = []
            var iterator = json_object_iter(value)
            while let current = iterator {
                let key = UnsafeRawPointer(json_object_iter_key(current)!).assumingMemoryBound(to: UInt8.self)
                let name = String(decoding: UnsafeBufferPointer(start: key, count: json_object_iter_key_len(current)), as: UTF8.self)
                if let member = json_object_iter_value(current) { members.append(.init(key: name, value: tree(member))) }
                iterator = json_object_iter_next(value, current)
            }
            return .object(members)
        case JSON_ARRAY:
            return .array((0..<json_array_size(value)).compactMap { json_array_get(value, $0).map(tree) })
        default:
            switch scalar(value) {
            case (.string, let bytes)?: return .string(String(decoding: bytes, as: UTF8.self))
            case (.number, let bytes)?: return .number(String(decoding: bytes, as: UTF8.self))
            case (.true, _)?: return .bool(true)
            case (.false, _)?: return .bool(false)
            default: return .null
            }
        }
    }

    // MARK: Serialization

    private func write(_ value: UnsafeMutablePointer<json_t>, into out: inout [UInt8]) {
        switch value.pointee.type {
        case JSON_OBJECT:
            out.append(UInt8(ascii: "{"))
            var iterator = json_object_iter(value)
            var first = true
            while let current = iterator {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                let key = UnsafeRawPointer(json_object_iter_key(current)!).assumingMemoryBound(to: UInt8.self)
                Self.writeString(UnsafeBufferPointer(start: key, count: json_object_iter_key_len(current)), into: &out)
                out.append(UInt8(ascii: ":"))
                if let member = json_object_iter_value(current) { write(member, into: &out) }
                iterator = json_object_iter_next(value, current)
            }
            out.append(UInt8(ascii: "}"))
        case JSON_ARRAY:
            out.append(UInt8(ascii: "["))
            for index in 0..<json_array_size(value) {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                if let element = json_array_get(value, index) { write(element, into: &out) }
            }
            out.append(UInt8(ascii: "]"))
        case JSON_STRING:
            let count = json_string_length(value)
            let text = json_string_value(value).map { UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self) }
            Self.writeString(UnsafeBufferPointer(start: count > 0 ? text : nil, count: count), into: &out)
        default:
            if let (kind, bytes) = scalar(value) {
                switch kind {
                case .true: out.append(contentsOf: "true".utf8)
                case .false: out.append(contentsOf: "false".utf8)
                case .null: out.append(contentsOf: "null".utf8)
                case .number, .string: out.append(contentsOf: bytes)
                }
            }
        }
    }

    private static func writeString(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        out.append(UInt8(ascii: "\""))
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x08: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0..<0x20:
                out.append(contentsOf: Array("\\u00".utf8))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xF)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    // MARK: Errors

    private static func error(from error: inout json_error_t) -> JSONParseError {
        let message = withUnsafeBytes(of: &error.text) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        let kind: JSONParseError.Kind
        switch UInt32(cjansson_error_code(&error)) {
        case json_error_invalid_utf8.rawValue: kind = .invalidUTF8
        case json_error_premature_end_of_input.rawValue: kind = .unexpectedEnd
        case json_error_end_of_input_expected.rawValue: kind = .trailingData
        case json_error_invalid_syntax.rawValue: kind = .syntax
        case json_error_duplicate_key.rawValue: kind = .duplicateKey
        case json_error_null_byte_in_key.rawValue: kind = .nulInKey
        case json_error_numeric_overflow.rawValue: kind = .numberOutOfRange
        case json_error_stack_overflow.rawValue: kind = .nestingTooDeep
        default: kind = .other
        }
        return JSONParseError(kind: kind, line: Int(error.line), column: Int(error.column), position: Int(error.position), message: message)
    }

    private static func error(_ kind: JSONParseError.Kind, at position: Int, in bytes: UnsafeBufferPointer<UInt8>, message: String) -> JSONParseError {
        var line = 1
        var lineStart = 0
        for i in 0..<min(position, bytes.count) where bytes[i] == 0x0A {
            line += 1
            lineStart = i + 1
        }
        return JSONParseError(kind: kind, line: line, column: position - lineStart + 1, position: position, message: message)
    }

    /// The offset of the first `{` or `[` that opens a container deeper than
    /// the scanner allows, in a document jansson already found valid.
    private static func firstTooDeep(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var depth = 0
        var inString = false
        var i = 0
        while i < bytes.count {
            let c = bytes[i]
            if inString {
                if c == UInt8(ascii: "\\") {
                    i += 2
                    continue
                }
                if c == UInt8(ascii: "\"") { inString = false }
            } else if c == UInt8(ascii: "\"") {
                inString = true
            } else if c == UInt8(ascii: "{") || c == UInt8(ascii: "[") {
                depth += 1
                if depth > EventScanner.maximumDepth { return i }
            } else if c == UInt8(ascii: "}") || c == UInt8(ascii: "]") {
                depth -= 1
            }
            i += 1
        }
        return nil
    }
}
