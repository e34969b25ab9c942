/// A JSON document as a tree: the form patterns, test fixtures and rule files
/// are read into (never the hot path, which scans bytes).
///
/// Numbers keep their literal text (`5`, `5.0` and `5e0` stay distinct here;
/// pattern matching compares them by value through `ComparableNumber`).
/// Objects keep their members in document order, duplicates included, so
/// serialization is deterministic and nothing is silently dropped.
public enum JSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    /// The number literal exactly as written (valid RFC 8259 grammar).
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([Member])

    public struct Member: Hashable, Sendable {
        public var key: String
        public var value: JSONValue
        public init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// Deepest nesting of arrays and objects the parser accepts; deeper input
    /// is a `JSONSyntaxError`, never a stack overflow.
    public static let maxDepth = 512

    /// Parses one JSON text (RFC 8259): exactly one value, optional
    /// surrounding whitespace, valid UTF-8, no lone surrogates.
    public static func parse(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSONValue {
        try bytes.withUnsafeBufferPointer { (buffer) throws(JSONSyntaxError) -> JSONValue in
            var parser = JSONParser(buffer)
            return try parser.parseDocument()
        }
    }

    public static func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue {
        try parse(Array(text.utf8))
    }

    // MARK: Accessors

    /// The first member named `key` of an object; nil for other values.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    public var objectValue: [Member]? {
        if case .object(let m) = self { return m }
        return nil
    }

    /// A short name of the value's JSON type, for messages.
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .number: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }

    // MARK: Serialization

    /// Compact serialization: no whitespace, members in stored order, numbers
    /// as their literal text, strings escaped minimally (`"`, `\`, control
    /// characters; everything else as UTF-8). Deterministic: equal values
    /// give equal text, and `parse(v.jsonText) == v`.
    public var jsonText: String {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        Self.write(self, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `string` as a JSON string literal (quotes included).
    public static func writeString(_ string: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // Most strings need no escape: copy them in one go (serialization is on the
        // changelog's path, once per changed state entry).
        if !string.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            out.append(contentsOf: string.utf8)
            out.append(UInt8(ascii: "\""))
            return
        }
        for b in string.utf8 {
            switch b {
            case UInt8(ascii: "\""): out += [0x5C, 0x22]
            case UInt8(ascii: "\\"): out += [0x5C, 0x5C]
            case 0x0A: out += [0x5C, UInt8(ascii: "n")]
            case 0x0D: out += [0x5C, UInt8(ascii: "r")]
            case 0x09: out += [0x5C, UInt8(ascii: "t")]
            case 0x08: out += [0x5C, UInt8(ascii: "b")]
            case 0x0C: out += [0x5C, UInt8(ascii: "f")]
            case 0x00..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out += [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 0xF)]]
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func write(_ value: JSONValue, into out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let n): out.append(contentsOf: n.utf8)
        case .string(let s): writeString(s, into: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (i, e) in elements.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                write(e, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (i, m) in members.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                writeString(m.key, into: &out)
                out.append(UInt8(ascii: ":"))
                write(m.value, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }
}

extension JSONValue: CustomStringConvertible {
    public var description: String { jsonText }
}

// Literals, so tests and tools can write `["detail": ["n": 5]]`.
extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByStringLiteral,
    ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .number(String(value)) }
    /// Uses Swift's shortest round-trip text, e.g. `0.1` → `0.1`, `1e-07` → `1e-07`.
    public init(floatLiteral value: Double) { self = .number(value.description) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(elements.map { Member(key: $0.0, value: $0.1) })
    }
}

/// Why a JSON text was rejected, and where.
public struct JSONSyntaxError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Byte offset of the problem from the start of the input.
    public var offset: Int
    /// 1-based line (lines end at `\n`).
    public var line: Int
    /// 1-based column, counted in Unicode scalars from the start of the line.
    public var column: Int
    public var message: String

    public init(offset: Int, line: Int, column: Int, message: String) {
        self.offset = offset
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String { "\(line):\(column): \(message)" }
}

/// Recursive-descent parser over a byte buffer. Depth is bounded by
/// `JSONValue.maxDepth`, so recursion never exceeds a few hundred frames.
struct JSONParser {
    let bytes: UnsafeBufferPointer<UInt8>
    var i = 0
    var depth = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    mutating func parseDocument() throws(JSONSyntaxError) -> JSONValue {
        // A UTF-8 byte order mark is not JSON (RFC 8259 §8.1); say so plainly.
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF {
            throw error("byte order mark (U+FEFF) before JSON text", at: 0)
        }
        skipWhitespace()
        if i == bytes.count { throw error("empty input, expected a JSON value") }
        let value = try parseValue()
        skipWhitespace()
        if i != bytes.count { throw error("unexpected \(describeByte(at: i)) after the JSON value") }
        return value
    }

    func error(_ message: String, at offset: Int? = nil) -> JSONSyntaxError {
        let at = min(offset ?? i, bytes.count)
        var line = 1
        var column = 1
        for k in 0..<at {
            let b = bytes[k]
            if b == 0x0A {
                line += 1
                column = 1
            } else if b & 0xC0 != 0x80 {
                column += 1
            }
        }
        return JSONSyntaxError(offset: at, line: line, column: column, message: message)
    }

    func describeByte(at k: Int) -> String {
        guard k < bytes.count else { return "end of input" }
        let b = bytes[k]
        if b >= 0x21 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
        return "byte 0x" + String(b, radix: 16, uppercase: true)
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while i < bytes.count {
            switch bytes[i] {
            case 0x20, 0x0A, 0x0D, 0x09: i += 1
            default: return
            }
        }
    }

    mutating func parseValue() throws(JSONSyntaxError) -> JSONValue {
        guard i < bytes.count else { throw error("unexpected end of input, expected a value") }
        switch bytes[i] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectWord("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectWord("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectWord("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw error("unexpected \(describeByte(at: i)), expected a value")
        }
    }

    mutating func expectWord(_ word: StaticString) throws(JSONSyntaxError) {
        let start = i
        let n = word.utf8CodeUnitCount
        let w = UnsafeBufferPointer(start: word.utf8Start, count: n)
        var k = 0
        while k < n {
            guard i < bytes.count, bytes[i] == w[k] else {
                throw error("invalid literal, expected '\(word)'", at: start)
            }
            i += 1
            k += 1
        }
        if i < bytes.count, Self.isIdentifierByte(bytes[i]) {
            throw error("invalid literal, expected '\(word)'", at: start)
        }
    }

    static func isIdentifierByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b >= 0x80
    }

    mutating func enter() throws(JSONSyntaxError) {
        depth += 1
        if depth > JSONValue.maxDepth {
            throw error("nesting deeper than \(JSONValue.maxDepth) levels")
        }
    }

    mutating func parseObject() throws(JSONSyntaxError) -> JSONValue {
        try enter()
        i += 1  // {
        var members: [JSONValue.Member] = []
        skipWhitespace()
        if i < bytes.count && bytes[i] == UInt8(ascii: "}") {
            i += 1
            depth -= 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard i < bytes.count else { throw error("unexpected end of input in object, expected a key") }
            guard bytes[i] == UInt8(ascii: "\"") else {
                throw error("unexpected \(describeByte(at: i)) in object, expected a string key")
            }
            let key = try parseString()
            skipWhitespace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else {
                throw error("unexpected \(describeByte(at: i)) after object key, expected ':'")
            }
            i += 1
            skipWhitespace()
            let value = try parseValue()
            members.append(.init(key: key, value: value))
            skipWhitespace()
            guard i < bytes.count else { throw error("unexpected end of input in object, expected ',' or '}'") }
            if bytes[i] == UInt8(ascii: ",") {
                i += 1
                continue
            }
            if bytes[i] == UInt8(ascii: "}") {
                i += 1
                depth -= 1
                return .object(members)
            }
            throw error("unexpected \(describeByte(at: i)) in object, expected ',' or '}'")
        }
    }

    mutating func parseArray() throws(JSONSyntaxError) -> JSONValue {
        try enter()
        i += 1  // [
        var elements: [JSONValue] = []
        skipWhitespace()
        if i < bytes.count && bytes[i] == UInt8(ascii: "]") {
            i += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue())
            skipWhitespace()
            guard i < bytes.count else { throw error("unexpected end of input in array, expected ',' or ']'") }
            if bytes[i] == UInt8(ascii: ",") {
                i += 1
                continue
            }
            if bytes[i] == UInt8(ascii: "]") {
                i += 1
                depth -= 1
                return .array(elements)
            }
            throw error("unexpected \(describeByte(at: i)) in array, expected ',' or ']'")
        }
    }

    mutating func parseNumber() throws(JSONSyntaxError) -> String {
        let start = i
        func isDigit(_ k: Int) -> Bool { k < bytes.count && bytes[k] >= 0x30 && bytes[k] <= 0x39 }
        if bytes[i] == UInt8(ascii: "-") { i += 1 }
        guard isDigit(i) else { throw error("invalid number: expected a digit", at: i) }
        if bytes[i] == UInt8(ascii: "0") {
            i += 1
            if isDigit(i) { throw error("invalid number: leading zero", at: start) }
        } else {
            while isDigit(i) { i += 1 }
        }
        if i < bytes.count && bytes[i] == UInt8(ascii: ".") {
            i += 1
            guard isDigit(i) else { throw error("invalid number: expected a digit after '.'", at: i) }
            while isDigit(i) { i += 1 }
        }
        if i < bytes.count && (bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E")) {
            i += 1
            if i < bytes.count && (bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-")) { i += 1 }
            guard isDigit(i) else { throw error("invalid number: expected a digit in the exponent", at: i) }
            while isDigit(i) { i += 1 }
        }
        if i < bytes.count, Self.isIdentifierByte(bytes[i]) || bytes[i] == UInt8(ascii: ".") {
            throw error("invalid number: unexpected \(describeByte(at: i))", at: i)
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
    }

    mutating func parseString() throws(JSONSyntaxError) -> String {
        let open = i
        i += 1  // opening quote
        // Fast path: no escapes.
        let start = i
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                let slice = UnsafeBufferPointer(rebasing: bytes[start..<i])
                try validateUTF8(slice, base: start)
                i += 1
                return String(decoding: slice, as: UTF8.self)
            }
            if b == UInt8(ascii: "\\") { break }
            if b < 0x20 { throw error("unescaped control character \(describeByte(at: i)) in string") }
            i += 1
        }
        if i >= bytes.count { throw error("unterminated string", at: open) }
        // Slow path: copy with escapes resolved.
        var out = Array(UnsafeBufferPointer(rebasing: bytes[start..<i]))
        try validateUTF8(UnsafeBufferPointer(rebasing: bytes[start..<i]), base: start)
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                i += 1
                return String(decoding: out, as: UTF8.self)
            }
            if b < 0x20 { throw error("unescaped control character \(describeByte(at: i)) in string") }
            if b == UInt8(ascii: "\\") {
                i += 1
                guard i < bytes.count else { break }
                let e = bytes[i]
                i += 1
                switch e {
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5C)
                case UInt8(ascii: "/"): out.append(0x2F)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    let escapeStart = i - 2
                    var scalar = try parseHex4()
                    if scalar >= 0xD800 && scalar < 0xDC00 {
                        guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
                            throw error("lone high surrogate \\u\(String(scalar, radix: 16, uppercase: true)) in string", at: escapeStart)
                        }
                        i += 2
                        let low = try parseHex4()
                        guard low >= 0xDC00 && low < 0xE000 else {
                            throw error("high surrogate not followed by a low surrogate in string", at: escapeStart)
                        }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if scalar >= 0xDC00 && scalar < 0xE000 {
                        throw error("lone low surrogate \\u\(String(scalar, radix: 16, uppercase: true)) in string", at: escapeStart)
                    }
                    appendUTF8(scalar, to: &out)
                default:
                    throw error("invalid escape '\\\(Character(Unicode.Scalar(e)))' in string", at: i - 2)
                }
                continue
            }
            // A run of plain bytes.
            let runStart = i
            while i < bytes.count {
                let c = bytes[i]
                if c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") || c < 0x20 { break }
                i += 1
            }
            let run = UnsafeBufferPointer(rebasing: bytes[runStart..<i])
            try validateUTF8(run, base: runStart)
            out.append(contentsOf: run)
        }
        throw error("unterminated string", at: open)
    }

    mutating func parseHex4() throws(JSONSyntaxError) -> UInt32 {
        guard i + 4 <= bytes.count else { throw error("truncated \\u escape in string") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[i]
            let d: UInt32
            switch b {
            case 0x30...0x39: d = UInt32(b - 0x30)
            case 0x41...0x46: d = UInt32(b - 0x41 + 10)
            case 0x61...0x66: d = UInt32(b - 0x61 + 10)
            default: throw error("invalid hex digit \(describeByte(at: i)) in \\u escape")
            }
            v = v << 4 | d
            i += 1
        }
        return v
    }

    func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            out.append(UInt8(scalar))
        case 0x80..<0x800:
            out += [UInt8(0xC0 | scalar >> 6), UInt8(0x80 | scalar & 0x3F)]
        case 0x800..<0x10000:
            out += [UInt8(0xE0 | scalar >> 12), UInt8(0x80 | (scalar >> 6) & 0x3F), UInt8(0x80 | scalar & 0x3F)]
        default:
            out += [
                UInt8(0xF0 | scalar >> 18), UInt8(0x80 | (scalar >> 12) & 0x3F),
                UInt8(0x80 | (scalar >> 6) & 0x3F), UInt8(0x80 | scalar & 0x3F),
            ]
        }
    }

    /// Rejects malformed UTF-8 (overlong forms, surrogates, truncation, > U+10FFFF).
    func validateUTF8(_ s: UnsafeBufferPointer<UInt8>, base: Int) throws(JSONSyntaxError) {
        var k = 0
        let n = s.count
        while k < n {
            let b0 = s[k]
            if b0 < 0x80 {
                k += 1
                continue
            }
            func cont(_ j: Int) -> Bool { j < n && s[j] & 0xC0 == 0x80 }
            var len = 0
            switch b0 {
            case 0xC2...0xDF:
                len = 2
            case 0xE0:
                len = 3
                if !(k + 1 < n && s[k + 1] >= 0xA0 && s[k + 1] <= 0xBF) { len = 0 }
            case 0xE1...0xEC, 0xEE...0xEF:
                len = 3
            case 0xED:
                len = 3
                if !(k + 1 < n && s[k + 1] >= 0x80 && s[k + 1] <= 0x9F) { len = 0 }
            case 0xF0:
                len = 4
                if !(k + 1 < n && s[k + 1] >= 0x90 && s[k + 1] <= 0xBF) { len = 0 }
            case 0xF1...0xF3:
                len = 4
            case 0xF4:
                len = 4
                if !(k + 1 < n && s[k + 1] >= 0x80 && s[k + 1] <= 0x8F) { len = 0 }
            default:
                len = 0
            }
            if len == 0 { throw error("invalid UTF-8 in string", at: base + k) }
            for j in 1..<len where !cont(k + j) {
                throw error("invalid UTF-8 in string", at: base + k)
            }
            k += len
        }
    }
}
