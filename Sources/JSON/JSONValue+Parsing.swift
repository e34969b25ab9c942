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
            // kept anyway (below), so read a copy in which such numbers are 0.
            let found = JSONOutline(bytes)
            outline = found
            let zeroed = zeroingOverflows(bytes, found.literals)
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

    /// `bytes` with each number literal that overflows jansson (an integer
    /// beyond 64 bits, a real beyond a double) spelled `0.00…` at the same
    /// length. Only a literal where a value may stand (after `[`, `,`, `:`
    /// or at the start) is touched, so one number token becomes another and
    /// invalid text stays invalid.
    private static func zeroingOverflows(_ bytes: UnsafeBufferPointer<UInt8>, _ literals: [Range<Int>]) -> [UInt8] {
        var out = Array(bytes)
        for literal in literals {
            let text = String(decoding: bytes[literal], as: UTF8.self)
            let isInteger = !text.contains { $0 == "." || $0 == "e" || $0 == "E" }
            guard isInteger ? Int64(text) == nil : Double(text)?.isInfinite != false else { continue }
            var before = literal.lowerBound - 1
            while before >= 0, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[before]) { before -= 1 }
            guard before < 0 || [UInt8(ascii: "["), UInt8(ascii: ","), UInt8(ascii: ":")].contains(bytes[before]) else { continue }
            // Overflowing literals have at least 5 bytes (`1e309`).
            out[literal.lowerBound] = UInt8(ascii: "0")
            out[literal.lowerBound + 1] = UInt8(ascii: ".")
            for k in (literal.lowerBound + 2)..<literal.upperBound { out[k] = UInt8(ascii: "0") }
        }
        return out
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
