/// Allocation-free parsing of the common number literals.
enum NumberLiteral {
    private static let powers: [Double] = (0...22).map { Double("1e\($0)")! }

    /// The value of a JSON number literal with at most 15 significant digits
    /// and a decimal exponent within ±22 — the literals that convert to a
    /// `Double` with one correctly rounded operation (Clinger's fast path) and
    /// that `ComparableNumber` always finds comparable; nil for anything else
    /// (then the caller falls back to `ComparableNumber(jsonLiteral:)`).
    @inline(__always)
    static func fastValue(_ p: UnsafePointer<UInt8>, _ n: Int) -> Double? {
        var i = 0
        var negative = false
        if i < n && p[i] == UInt8(ascii: "-") {
            negative = true
            i += 1
        }
        guard i < n else { return nil }
        var mantissa: UInt64 = 0
        var significant = 0
        var exponent = 0
        if p[i] == UInt8(ascii: "0") {
            i += 1
        } else {
            guard p[i] &- 0x30 < 10 else { return nil }
            while i < n && p[i] &- 0x30 < 10 {
                mantissa = mantissa * 10 + UInt64(p[i] &- 0x30)
                significant += 1
                if significant > 15 { return nil }
                i += 1
            }
        }
        if i < n && p[i] == UInt8(ascii: ".") {
            i += 1
            guard i < n && p[i] &- 0x30 < 10 else { return nil }
            while i < n && p[i] &- 0x30 < 10 {
                let d = UInt64(p[i] &- 0x30)
                if mantissa != 0 || d != 0 {
                    mantissa = mantissa * 10 + d
                    significant += 1
                    if significant > 15 { return nil }
                }
                exponent -= 1
                i += 1
            }
        }
        if i < n && (p[i] == UInt8(ascii: "e") || p[i] == UInt8(ascii: "E")) {
            i += 1
            var negativeExponent = false
            if i < n && (p[i] == UInt8(ascii: "+") || p[i] == UInt8(ascii: "-")) {
                negativeExponent = p[i] == UInt8(ascii: "-")
                i += 1
            }
            guard i < n && p[i] &- 0x30 < 10 else { return nil }
            var e = 0
            while i < n && p[i] &- 0x30 < 10 {
                e = e * 10 + Int(p[i] &- 0x30)
                if e > 10_000 { return nil }
                i += 1
            }
            exponent += negativeExponent ? -e : e
        }
        guard i == n else { return nil }
        if mantissa == 0 { return 0 }
        guard exponent >= -22 && exponent <= 22 else { return nil }
        var d = Double(mantissa)
        if exponent > 0 {
            d *= powers[exponent]
        } else if exponent < 0 {
            d /= powers[-exponent]
        }
        return negative ? -d : d
    }
}
