/// A number as EventBridge compares it: by value, to six decimal places.
///
/// event-ruler encodes numbers as fixed-point with six decimals inside
/// ±5,000,000,000; `5`, `5.0` and `5e0` are one value, and so are values that
/// differ only past the sixth decimal. Outside that range it falls back to the
/// exact `Double`.
public struct ComparableNumber: Hashable, Comparable, Sendable, CustomStringConvertible {
    public static let limit = 5_000_000_000.0

    public let value: Double
    /// The fixed-point key (value × 10⁶, rounded) for numbers within `limit`.
    public let scaled: Int64?

    public init(_ value: Double) {
        self.value = value
        if value.isFinite && abs(value) <= Self.limit {
            scaled = Int64((value * 1_000_000).rounded())
        } else {
            scaled = nil
        }
    }

    /// Parses a JSON number literal (the exact grammar of RFC 8259); nil otherwise.
    public init?<B: Collection<UInt8>>(jsonLiteral bytes: B) {
        guard JSONNumberGrammar.isValid(bytes), let d = Double(String(decoding: bytes, as: UTF8.self)) else {
            return nil
        }
        self.init(d)
    }

    public static func == (a: Self, b: Self) -> Bool {
        if let x = a.scaled, let y = b.scaled { return x == y }
        return a.value == b.value
    }

    public func hash(into hasher: inout Hasher) {
        if let s = scaled { hasher.combine(s) } else { hasher.combine(value) }
    }

    public static func < (a: Self, b: Self) -> Bool {
        if let x = a.scaled, let y = b.scaled { return x < y }
        return a.value < b.value
    }

    public var description: String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}

/// RFC 8259's number grammar: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
public enum JSONNumberGrammar {
    public static func isValid<B: Collection<UInt8>>(_ bytes: B) -> Bool {
        var i = bytes.startIndex
        let end = bytes.endIndex
        func digit(_ i: B.Index) -> Bool { i < end && bytes[i] >= 0x30 && bytes[i] <= 0x39 }
        if i < end && bytes[i] == UInt8(ascii: "-") { i = bytes.index(after: i) }
        guard digit(i) else { return false }
        if bytes[i] == UInt8(ascii: "0") {
            i = bytes.index(after: i)
        } else {
            while digit(i) { i = bytes.index(after: i) }
        }
        if i < end && bytes[i] == UInt8(ascii: ".") {
            i = bytes.index(after: i)
            guard digit(i) else { return false }
            while digit(i) { i = bytes.index(after: i) }
        }
        if i < end && (bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E")) {
            i = bytes.index(after: i)
            if i < end && (bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-")) { i = bytes.index(after: i) }
            guard digit(i) else { return false }
            while digit(i) { i = bytes.index(after: i) }
        }
        return i == end
    }
}
