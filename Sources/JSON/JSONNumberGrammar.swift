/// RFC 8259's number grammar, `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`:
/// the one definition the event scanner, `JSONValue`, pattern numbers and
/// rule-file scalars all use.
package enum JSONNumberGrammar {
    /// How a scan that started at a `-` or a digit ended.
    package enum Scan: Equatable {
        /// A literal ends just before `end`.
        case number(end: Int)
        /// The input ended inside the literal (`-`, `1.`, `1e+`).
        case truncated
        /// A byte where the literal needs another (`-x`, `1.e5`, `01`); a
        /// scan from anything but `-` or a digit is invalid too.
        case invalid
    }

    /// Reads the literal that starts at `start` (which must be before the
    /// end). It stops at the first byte that cannot continue the literal;
    /// what may follow it is the caller's grammar. Not generic: called from
    /// another module (the event scanner, per number), a generic one ran
    /// unspecialized and allocated.
    @inlinable
    package static func scan(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Scan {
        let end = bytes.count
        var j = start
        if bytes[j] == UInt8(ascii: "-") { j &+= 1 }
        guard j < end else { return .truncated }
        let first = bytes[j]
        if first == UInt8(ascii: "0") {
            j &+= 1
            if j < end && isDigit(bytes[j]) { return .invalid }
        } else if first &- UInt8(ascii: "1") < 9 {
            j &+= 1
            while j < end && isDigit(bytes[j]) { j &+= 1 }
        } else {
            return .invalid
        }
        if j < end && bytes[j] == UInt8(ascii: ".") {
            j &+= 1
            guard j < end else { return .truncated }
            guard isDigit(bytes[j]) else { return .invalid }
            repeat { j &+= 1 } while j < end && isDigit(bytes[j])
        }
        if j < end && bytes[j] | 0x20 == UInt8(ascii: "e") {
            j &+= 1
            if j < end && (bytes[j] == UInt8(ascii: "+") || bytes[j] == UInt8(ascii: "-")) { j &+= 1 }
            guard j < end else { return .truncated }
            guard isDigit(bytes[j]) else { return .invalid }
            repeat { j &+= 1 } while j < end && isDigit(bytes[j])
        }
        return .number(end: j)
    }

    /// Whether `bytes` is exactly one number literal.
    @inlinable
    package static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        !bytes.isEmpty && scan(bytes, from: 0) == .number(end: bytes.count)
    }

    package static func isValid<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Bool {
        if let valid = bytes.withContiguousStorageIfAvailable({ isValid($0) }) { return valid }
        return Array(bytes).withUnsafeBufferPointer { isValid($0) }
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
