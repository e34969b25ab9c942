import JSON

/// A number as event patterns compare it, following aws/event-ruler.
///
/// event-ruler reads a number literal as an exact decimal, converts it to the
/// nearest IEEE-754 `Double`, and treats it as *comparable* only when that
/// conversion lost nothing: the decimal value of the literal equals the value
/// of the double's shortest round-trip text. Comparable numbers compare by
/// value over the whole `Double` range (`5`, `5.0`, `5e0` and `0.5e1` are one
/// value; `-0` is `0`). Any literal with at most 15 significant digits inside
/// the normal range is comparable.
///
/// A literal that is not comparable (e.g. `12345678901234567890`, `1e400`,
/// `0.1000000000000000000001`) is kept as its text: it equals only the same
/// text, never matches a numeric range, and never counts as equal to a
/// comparable number. Patterns reject such numbers as `numeric` bounds and in
/// `anything-but` lists, but accept them as exact values (a 20-digit id
/// written as a number), exactly as event-ruler does.
package struct ComparableNumber: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The nearest double (`-0` normalized to `0`); `±infinity` when out of range.
    package let value: Double
    /// Whether the literal converted to `value` exactly (see above).
    package let isComparable: Bool
    /// The literal as written (or, for `init(_ value:)`, a canonical text).
    package let text: String

    /// A comparable number from a finite double (a non-finite one is kept
    /// but is not comparable).
    package init(_ value: Double) {
        self.value = value == 0 ? 0 : value
        self.isComparable = value.isFinite
        self.text = JSONNumberGrammar.literal(for: value)
    }

    /// Parses a JSON number literal (RFC 8259 grammar exactly); nil when
    /// `bytes` is not one. Allocation-free for literals of up to 15 bytes
    /// with at most 15 significant digits and a small exponent.
    package init?(jsonLiteral bytes: UnsafeBufferPointer<UInt8>) {
        guard JSONNumberGrammar.isValid(bytes) else { return nil }
        if let d = Self.fastValue(bytes) {
            self.init(value: d, text: String(decoding: bytes, as: UTF8.self), isComparable: true)
        } else {
            self.init(slowLiteral: bytes)
        }
    }

    package init?(jsonLiteral bytes: [UInt8]) {
        guard let n = bytes.withUnsafeBufferPointer({ ComparableNumber(jsonLiteral: $0) }) else { return nil }
        self = n
    }

    private static let powersOfTen: [Double] = (0...22).map { e in
        var p = 1.0
        for _ in 0..<e { p *= 10 }
        return p
    }

    /// The exact double of a valid literal with at most 15 significant digits
    /// and a decimal exponent within ±22 (one correctly rounded IEEE operation
    /// on exact operands); nil when the literal needs the general path.
    static func fastValue(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        var i = 0
        let n = bytes.count
        var negative = false
        if bytes[0] == UInt8(ascii: "-") {
            negative = true
            i = 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var exponent = 0
        var inFraction = false
        while i < n {
            let b = bytes[i]
            if b == UInt8(ascii: ".") {
                inFraction = true
            } else if b == UInt8(ascii: "e") || b == UInt8(ascii: "E") {
                break
            } else {
                let d = UInt64(b &- 0x30)
                if mantissa == 0 && d == 0 {
                    if inFraction { exponent -= 1 }
                } else {
                    if digits == 18 { return nil }
                    mantissa = mantissa * 10 + d
                    digits += 1
                    if inFraction { exponent -= 1 }
                }
            }
            i += 1
        }
        if i < n {
            i += 1  // e
            var expNegative = false
            if bytes[i] == UInt8(ascii: "+") {
                i += 1
            } else if bytes[i] == UInt8(ascii: "-") {
                expNegative = true
                i += 1
            }
            var e = 0
            while i < n {
                e = e * 10 + Int(bytes[i] &- 0x30)
                if e > 1000 { return nil }
                i += 1
            }
            exponent += expNegative ? -e : e
        }
        if mantissa == 0 { return 0 }
        while mantissa % 10 == 0 {
            mantissa /= 10
            exponent += 1
            digits -= 1
        }
        guard digits <= 15, exponent >= -22, exponent <= 22 else { return nil }
        let m = Double(mantissa)
        let v = exponent >= 0 ? m * powersOfTen[exponent] : m / powersOfTen[-exponent]
        return negative ? -v : v
    }

    /// Parses a JSON number literal (RFC 8259 grammar exactly); nil when
    /// `bytes` is not one.
    package init?<B: Collection<UInt8>>(jsonLiteral bytes: B) {
        self.init(slowLiteral: bytes)
    }

    /// Any literal, through an exact decimal reading and Swift's correctly rounding
    /// parser (a refusal is treated as overflow).
    private init?<B: Collection<UInt8>>(slowLiteral bytes: B) {
        guard let decimal = Decimal10(bytes) else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        let d = Double(text) ?? (decimal.negative ? -Double.infinity : Double.infinity)
        self.init(value: d, text: text, isComparable: decimal.isExactly(d))
    }

    private init(value: Double, text: String, isComparable: Bool) {
        self.value = value == 0 ? 0 : value  // -0 is 0
        self.text = text
        self.isComparable = isComparable
    }

    /// A key whose unsigned order is the numeric order of comparable numbers
    /// (event-ruler's encoding: sign bit flipped for positives, all bits for
    /// negatives). Meaningless for numbers that are not comparable.
    package var sortKey: UInt64 {
        let bits = value.bitPattern
        return bits >> 63 == 1 ? ~bits : bits | (1 << 63)
    }

    package static func == (a: Self, b: Self) -> Bool {
        if a.isComparable && b.isComparable { return a.value == b.value }
        if a.isComparable != b.isComparable { return false }
        return a.text == b.text
    }

    package func hash(into hasher: inout Hasher) {
        if isComparable {
            hasher.combine(true)
            hasher.combine(value)
        } else {
            hasher.combine(false)
            hasher.combine(text)
        }
    }

    /// Numeric order for comparable numbers; numbers that are not comparable
    /// sort after all comparable ones, by text (only so the order is total).
    package static func < (a: Self, b: Self) -> Bool {
        switch (a.isComparable, b.isComparable) {
        case (true, true): return a.value < b.value
        case (true, false): return true
        case (false, true): return false
        case (false, false): return a.text < b.text
        }
    }

    package var description: String { text }
}

/// A decimal literal normalized to `0.d₁d₂…dₙ × 10^exponent` (no leading or
/// trailing zero digits; zero has no digits), used to decide exactness.
struct Decimal10: Equatable {
    var negative = false
    var digits: [UInt8] = []
    var exponent = 0

    /// Parses JSON number grammar; nil on anything else.
    init?<B: Collection<UInt8>>(_ bytes: B) {
        guard JSONNumberGrammar.isValid(bytes) else { return nil }
        self.init(validated: bytes)
    }

    /// Parses Swift's `Double.description` form (`1e-05`, `5000000000.0`,
    /// `1.2345678901234567e+19`); nil for `inf`/`nan`.
    init?(doubleDescription s: String) {
        let bytes = Array(s.utf8)
        guard !bytes.isEmpty, bytes.allSatisfy({ $0 == 0x2D || $0 == 0x2B || $0 == 0x2E || $0 == 0x65 || $0 == 0x45 || ($0 >= 0x30 && $0 <= 0x39) })
        else { return nil }
        self.init(validated: bytes)
    }

    private init<B: Collection<UInt8>>(validated bytes: B) {
        var integerDigits = 0
        var inFraction = false
        var inExponent = false
        var exponentNegative = false
        var exp = 0
        var all: [UInt8] = []
        for b in bytes {
            switch b {
            case UInt8(ascii: "-"):
                if inExponent { exponentNegative = true } else { negative = true }
            case UInt8(ascii: "+"):
                break
            case UInt8(ascii: "."):
                inFraction = true
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                inExponent = true
            default:
                let d = b &- 0x30
                if inExponent {
                    if exp < 1_000_000_000 { exp = exp * 10 + Int(d) }
                } else {
                    all.append(d)
                    if !inFraction { integerDigits += 1 }
                }
            }
        }
        var lead = 0
        while lead < all.count && all[lead] == 0 { lead += 1 }
        var end = all.count
        while end > lead && all[end - 1] == 0 { end -= 1 }
        if lead == end {
            negative = false
            digits = []
            exponent = 0
            return
        }
        digits = Array(all[lead..<end])
        exponent = integerDigits - lead + (exponentNegative ? -exp : exp)
    }

    /// Whether this decimal is exactly the value of `d`'s shortest round-trip text.
    func isExactly(_ d: Double) -> Bool {
        guard d.isFinite else { return false }
        if digits.isEmpty { return d == 0 }
        if d == 0 { return false }
        // At most 15 significant digits always survive decimal → double →
        // shortest decimal unchanged (DBL_DIG), inside the normal range.
        if digits.count <= 15 && exponent > -300 && exponent < 300 { return true }
        guard let shortest = Decimal10(doubleDescription: d.description) else { return false }
        return shortest == self
    }
}
