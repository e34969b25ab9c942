import CJansson

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension JSONValue {
    /// Deepest nesting of arrays and objects that parsing accepts, as the
    /// event scanner; deeper input is an error, never a deep recursion.
    package static let maxDepth = 512

    /// Parses one JSON text (RFC 8259) with jansson: exactly one value of any
    /// kind, optional surrounding whitespace, valid UTF-8, no lone
    /// surrogates. See the type's comment for numbers, duplicate keys,
    /// `\u0000` in keys and depth.
    package static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(JSONSyntaxError) -> JSONValue {
        guard let p = bytes.baseAddress, bytes.count > 0 else {
            throw JSONSyntaxError(kind: .unexpectedEnd, offset: 0, line: 1, column: 1, message: "empty input, expected a JSON value")
        }
        let n = bytes.count
        // A NUL byte is never valid JSON (in a string it is an unescaped control
        // character), but jansson's lexer skips one that follows a literal or a
        // number (its look-ahead buffer ends at NUL): refuse them first.
        if let nul = memchr(p, 0, n) {
            throw error(.syntax, at: UnsafeRawPointer(nul) - UnsafeRawPointer(p), in: bytes, "NUL byte")
        }
        let flags = Int(JSON_DECODE_ANY | JSON_ALLOW_NUL | JSON_REJECT_DUPLICATES)
        var failure = json_error_t()
        var root = p.withMemoryRebound(to: CChar.self, capacity: n) { json_loadb($0, n, flags, &failure) }
        var outline: JSONOutline?
        if root == nil && cjansson_error_code(&failure) == Int32(json_error_numeric_overflow.rawValue) {
            // A number beyond jansson's `long long` or `double`. Its literal is
            // kept anyway (below), so read a copy in which every number is 0.
            let found = JSONOutline(bytes)
            outline = found
            var zeroed = Array(bytes)
            for literal in found.literals {
                zeroed[literal.lowerBound] = UInt8(ascii: "0")
                for k in literal.dropFirst() { zeroed[k] = UInt8(ascii: " ") }
            }
            root = zeroed.withUnsafeBytes { json_loadb($0.baseAddress!.assumingMemoryBound(to: CChar.self), n, flags, &failure) }
        }
        guard var root else { throw error(from: &failure, in: bytes) }
        let found = outline ?? JSONOutline(bytes)
        if let deep = found.tooDeepAt {
            cjansson_decref(root)
            throw error(.nestingTooDeep, at: deep, in: bytes, "nesting deeper than \(maxDepth)")
        }
        var next = 0
        if let number = keepLiterals(root, found.literals, &next, p) {
            cjansson_decref(root)
            root = number
        }
        return JSONValue(owning: root)
    }

    package static func parse(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSONValue {
        try bytes.withUnsafeBufferPointer { (buffer) throws(JSONSyntaxError) -> JSONValue in try parse(buffer) }
    }

    package static func parse(_ bytes: ArraySlice<UInt8>) throws(JSONSyntaxError) -> JSONValue {
        try bytes.withUnsafeBufferPointer { (buffer) throws(JSONSyntaxError) -> JSONValue in try parse(buffer) }
    }

    package static func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue {
        try parse(Array(text.utf8))
    }

    /// Replaces jansson's number nodes under `node` (in document order, which
    /// is the order of `literals`) with ones that keep the literal; returns
    /// the replacement when `node` itself is a number.
    private static func keepLiterals(
        _ node: UnsafeMutablePointer<json_t>, _ literals: [Range<Int>], _ next: inout Int, _ text: UnsafePointer<UInt8>
    ) -> UnsafeMutablePointer<json_t>? {
        switch node.pointee.type {
        case JSON_INTEGER, JSON_REAL:
            // Both lists come from a text jansson accepted, so they line up.
            let literal = literals[next]
            next += 1
            return numberNode(UnsafeBufferPointer(start: text + literal.lowerBound, count: literal.count))
        case JSON_OBJECT:
            var iterator = json_object_iter(node)
            while let current = iterator {
                if let replacement = keepLiterals(json_object_iter_value(current)!, literals, &next, text) {
                    json_object_iter_set_new(node, current, replacement)
                }
                iterator = json_object_iter_next(node, current)
            }
        case JSON_ARRAY:
            for index in 0..<json_array_size(node) {
                if let replacement = keepLiterals(json_array_get(node, index)!, literals, &next, text) {
                    json_array_set_new(node, index, replacement)
                }
            }
        default:
            break
        }
        return nil
    }

    // MARK: - Errors

    private static func error(from failure: inout json_error_t, in bytes: UnsafeBufferPointer<UInt8>) -> JSONSyntaxError {
        var message = withUnsafeBytes(of: &failure.text) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        var path: [JSONSyntaxError.PathStep] = []
        let kind: JSONSyntaxError.Kind
        switch UInt32(cjansson_error_code(&failure)) {
        case json_error_invalid_utf8.rawValue: kind = .invalidUTF8
        case json_error_premature_end_of_input.rawValue: kind = .unexpectedEnd
        case json_error_end_of_input_expected.rawValue: kind = .trailingData
        case json_error_invalid_syntax.rawValue: kind = .syntax
        case json_error_null_byte_in_key.rawValue: kind = .nulInKey
        case json_error_duplicate_key.rawValue:
            kind = .duplicateKey
            path = JSONOutline(bytes, pathAt: Int(failure.position)).path
            if case .key(let key)? = path.last { message = "duplicate key \"\(key)\"" }
        case json_error_stack_overflow.rawValue:
            // jansson stops at 2048 levels; report the limit that applies here.
            if let deep = JSONOutline(bytes).tooDeepAt {
                return error(.nestingTooDeep, at: deep, in: bytes, "nesting deeper than \(maxDepth)")
            }
            kind = .nestingTooDeep
        default: kind = .other
        }
        return JSONSyntaxError(
            kind: kind, offset: Int(failure.position), line: Int(failure.line), column: Int(failure.column),
            message: message, path: path)
    }

    private static func error(
        _ kind: JSONSyntaxError.Kind, at offset: Int, in bytes: UnsafeBufferPointer<UInt8>, _ message: String
    ) -> JSONSyntaxError {
        var line = 1
        var column = 1
        for byte in bytes[..<min(offset, bytes.count)] {
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return JSONSyntaxError(kind: kind, offset: offset, line: line, column: column, message: message)
    }
}

/// One pass over a text jansson has read: where its number literals are (in
/// document order), where nesting first goes deeper than `JSONValue.maxDepth`,
/// and, for a duplicate key, the containers open where jansson stopped.
/// Only ever run on text jansson accepted (up to where it stopped), so it
/// need not check the grammar; on other text it stays in bounds and finds
/// nonsense, which the caller never uses.
private struct JSONOutline {
    var literals: [Range<Int>] = []
    var tooDeepAt: Int?
    var path: [JSONSyntaxError.PathStep] = []

    /// Literals and depth of the whole text.
    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        var depth = 0
        var i = 0
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: "\""):
                i = Self.skipString(bytes, after: i)
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                if depth > JSONValue.maxDepth {
                    tooDeepAt = i
                    return
                }
                i += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                i += 1
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                guard case .number(let end) = JSONNumberGrammar.scan(bytes, from: i) else {
                    i += 1
                    continue
                }
                literals.append(i..<end)
                i = end
            default:
                i += 1
            }
        }
    }

    /// The steps to the key that ends at `end`: every open container's
    /// current key or index, the innermost object's key last.
    init(_ bytes: UnsafeBufferPointer<UInt8>, pathAt end: Int) {
        enum Frame {
            case object(key: Range<Int>?)
            case array(index: Int)
        }
        var frames: [Frame] = []
        var expectingKey = false
        var i = 0
        while i < min(end, bytes.count) {
            switch bytes[i] {
            case UInt8(ascii: "\""):
                let start = i
                i = Self.skipString(bytes, after: i)
                if expectingKey, case .object? = frames.last {
                    frames[frames.count - 1] = .object(key: start..<i)
                    expectingKey = false
                }
            case UInt8(ascii: "{"):
                frames.append(.object(key: nil))
                expectingKey = true
                i += 1
            case UInt8(ascii: "["):
                frames.append(.array(index: 0))
                i += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                _ = frames.popLast()
                i += 1
            case UInt8(ascii: ","):
                if case .array(let index)? = frames.last {
                    frames[frames.count - 1] = .array(index: index + 1)
                } else {
                    expectingKey = true
                }
                i += 1
            default:
                i += 1
            }
        }
        path = frames.compactMap { frame in
            switch frame {
            case .array(let index): return .index(index)
            case .object(let key?): return .key(Self.decodeKey(UnsafeBufferPointer(rebasing: bytes[key])))
            case .object(nil): return nil
            }
        }
    }

    /// The index after the string whose opening quote is at `quote`.
    private static func skipString(_ bytes: UnsafeBufferPointer<UInt8>, after quote: Int) -> Int {
        var i = quote + 1
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: "\""): return i + 1
            case UInt8(ascii: "\\"): i += 2
            default: i += 1
            }
        }
        return bytes.count
    }

    /// A quoted key as text, escapes resolved (by jansson).
    private static func decodeKey(_ quoted: UnsafeBufferPointer<UInt8>) -> String {
        let key = try? JSONValue.parse(quoted)
        return key?.stringValue ?? String(decoding: quoted, as: UTF8.self)
    }
}
