/// RFC 8259's number grammar, `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`:
/// the one definition the event scanner, `JSONValue`, pattern numbers and
/// rule-file scalars all use.
package enum JSONNumberGrammar {
    /// How a scan that started at a `-` or a digit ended.
    package enum Scan<Index: Comparable> {
        /// A literal ends just before `end`.
        case number(end: Index)
        /// The input ended inside the literal (`-`, `1.`, `1e+`).
        case truncated
        /// A byte where the literal needs another (`-x`, `1.e5`, `01`); a
        /// scan from anything but `-` or a digit is invalid too.
        case invalid
    }

    /// Reads the literal that starts at `start` (which must be before the end).
    /// It stops at the first byte that cannot continue the literal; what may
    /// follow it is the caller's grammar.
    @inlinable
    package static func scan<Bytes: Collection<UInt8>>(_ bytes: Bytes, from start: Bytes.Index) -> Scan<Bytes.Index> {
        let end = bytes.endIndex
        var j = start
        if bytes[j] == UInt8(ascii: "-") { j = bytes.index(after: j) }
        guard j < end else { return .truncated }
        let first = bytes[j]
        if first == UInt8(ascii: "0") {
            j = bytes.index(after: j)
            if j < end && isDigit(bytes[j]) { return .invalid }
        } else if first &- UInt8(ascii: "1") < 9 {
            j = bytes.index(after: j)
            while j < end && isDigit(bytes[j]) { j = bytes.index(after: j) }
        } else {
            return .invalid
        }
        if j < end && bytes[j] == UInt8(ascii: ".") {
            j = bytes.index(after: j)
            guard j < end else { return .truncated }
            guard isDigit(bytes[j]) else { return .invalid }
            repeat { j = bytes.index(after: j) } while j < end && isDigit(bytes[j])
        }
        if j < end && bytes[j] | 0x20 == UInt8(ascii: "e") {
            j = bytes.index(after: j)
            if j < end && (bytes[j] == UInt8(ascii: "+") || bytes[j] == UInt8(ascii: "-")) { j = bytes.index(after: j) }
            guard j < end else { return .truncated }
            guard isDigit(bytes[j]) else { return .invalid }
            repeat { j = bytes.index(after: j) } while j < end && isDigit(bytes[j])
        }
        return .number(end: j)
    }

    /// Whether `bytes` is exactly one number literal.
    @inlinable
    package static func isValid<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Bool {
        guard !bytes.isEmpty, case .number(let end) = scan(bytes, from: bytes.startIndex) else { return false }
        return end == bytes.endIndex
    }

    @inlinable
    package static func isDigit(_ c: UInt8) -> Bool { c &- UInt8(ascii: "0") < 10 }

    /// The literal the engine writes for a number it computed: an integer
    /// without a fraction, anything else in Swift's shortest round-trip
    /// form, so the same value always gives the same bytes.
    package static func literal(for value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}
