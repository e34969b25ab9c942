import JSON

/// RFC 8259's lexical rules over raw bytes, shared by the scanner's two loops
/// (the one that descends into named keys and the one that skips).
///
/// Every function takes the base pointer, the byte count and an index and
/// returns the index after what it consumed, so the position stays in a
/// register and nothing allocates. Callers guarantee `i <= n`.
enum JSONLexer {
    typealias Bytes = UnsafePointer<UInt8>

    static let quote = UInt8(ascii: "\"")
    static let backslash = UInt8(ascii: "\\")

    @inline(__always)
    static func skipWhitespace(_ p: Bytes, _ n: Int, _ i: Int) -> Int {
        var i = i
        while i < n {
            let c = p[i]
            // Compact JSON has no whitespace, so the first test decides almost every call.
            if c > 0x20 || (c != 0x20 && c != 0x0A && c != 0x0D && c != 0x09) { return i }
            i &+= 1
        }
        return i
    }

    /// Validates a string body that starts just after its opening quote and
    /// returns the index of the closing quote. Sets `escaped` when the body
    /// holds a backslash, so a caller that keeps the value knows to decode it.
    @inline(__always)
    static func scanString(_ p: Bytes, _ n: Int, _ start: Int, escaped: inout Bool) throws(EventDecodingError) -> Int {
        var i = start
        while true {
            #if _endian(little)
            // Eight bytes at a time until one of them needs a closer look.
            while i &+ 8 <= n {
                let special = specialStringBytes(UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self))
                if special != 0 {
                    i &+= special.trailingZeroBitCount &>> 3
                    break
                }
                i &+= 8
            }
            #endif
            guard i < n else { throw EventDecodingError(offset: n, reason: .unexpectedEnd) }
            let c = p[i]
            if c == quote { return i }
            if c == backslash {
                escaped = true
                i = try scanEscape(p, n, i)
            } else if c >= 0x80 {
                i = try scanUTF8(p, n, i)
            } else if c < 0x20 {
                throw EventDecodingError(offset: i, reason: .controlCharacterInString)
            } else {
                i &+= 1
            }
        }
    }

    /// A mask whose lowest set high bit marks the first byte of `w` (little
    /// endian) that plain copying cannot pass: `"`, `\`, a control character
    /// or a non-ASCII byte. Zero when all eight bytes are plain.
    @inline(__always)
    static func specialStringBytes(_ w: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let q = w ^ (ones &* 0x22)
        let b = w ^ (ones &* 0x5C)
        let isQuote = (q &- ones) & ~q
        let isBackslash = (b &- ones) & ~b
        let isControl = (w &- ones &* 0x20) & ~w
        // Borrows can only set bits above a byte that truly matches, so the
        // lowest set bit is always a real match.
        return (isQuote | isBackslash | isControl | w) & highs
    }

    /// Validates the escape whose backslash is at `i`; returns the index after it.
    @inline(never)
    static func scanEscape(_ p: Bytes, _ n: Int, _ i: Int) throws(EventDecodingError) -> Int {
        guard i &+ 1 < n else { throw EventDecodingError(offset: n, reason: .unexpectedEnd) }
        switch p[i &+ 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"),
            UInt8(ascii: "b"), UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return i &+ 2
        case UInt8(ascii: "u"):
            let unit = try hex4(p, n, i &+ 2, escapeAt: i)
            switch unit {
            case 0xD800...0xDBFF:
                // A high surrogate is only valid as the first half of a pair.
                let next = i &+ 6
                guard next < n else { throw EventDecodingError(offset: n, reason: .unexpectedEnd) }
                guard p[next] == backslash else { throw EventDecodingError(offset: i, reason: .unpairedSurrogate) }
                guard next &+ 1 < n else { throw EventDecodingError(offset: n, reason: .unexpectedEnd) }
                guard p[next &+ 1] == UInt8(ascii: "u") else {
                    throw EventDecodingError(offset: i, reason: .unpairedSurrogate)
                }
                let low = try hex4(p, n, next &+ 2, escapeAt: next)
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw EventDecodingError(offset: i, reason: .unpairedSurrogate)
                }
                return i &+ 12
            case 0xDC00...0xDFFF:
                throw EventDecodingError(offset: i, reason: .unpairedSurrogate)
            default:
                return i &+ 6
            }
        default:
            throw EventDecodingError(offset: i, reason: .invalidEscape)
        }
    }

    @inline(__always)
    static func hex4(_ p: Bytes, _ n: Int, _ i: Int, escapeAt: Int) throws(EventDecodingError) -> UInt32 {
        var value: UInt32 = 0
        var k = i
        while k < i &+ 4 {
            guard k < n else { throw EventDecodingError(offset: n, reason: .unexpectedEnd) }
            guard let digit = hexValue(p[k]) else {
                throw EventDecodingError(offset: escapeAt, reason: .invalidUnicodeEscape)
            }
            value = value &<< 4 | digit
            k &+= 1
        }
        return value
    }

    @inline(__always)
    static func hexValue(_ c: UInt8) -> UInt32? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(c &- UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(c &- UInt8(ascii: "a") &+ 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(c &- UInt8(ascii: "A") &+ 10)
        default: return nil
        }
    }

    /// Validates one UTF-8 sequence whose lead byte (≥ 0x80) is at `i` (by
    /// `UTF8Validation`, the table every reader shares).
    @inline(never)
    static func scanUTF8(_ p: Bytes, _ n: Int, _ i: Int) throws(EventDecodingError) -> Int {
        switch UTF8Validation.scanSequence(p, n, i) {
        case .scalar(let end): return end
        case .truncated: throw EventDecodingError(offset: n, reason: .unexpectedEnd)
        case .invalid: throw EventDecodingError(offset: i, reason: .invalidUTF8)
        }
    }

    /// Appends the decoded content of a string body already validated by
    /// `scanString` (`start` just after the opening quote, `end` at the closing one).
    static func decodeString(_ p: Bytes, _ start: Int, _ end: Int, into out: inout [UInt8]) {
        var i = start
        var run = start
        while i < end {
            guard p[i] == backslash else {
                i &+= 1
                continue
            }
            if run < i { out.append(contentsOf: UnsafeBufferPointer(start: p + run, count: i &- run)) }
            let e = p[i &+ 1]
            switch e {
            case UInt8(ascii: "b"): out.append(0x08); i &+= 2
            case UInt8(ascii: "f"): out.append(0x0C); i &+= 2
            case UInt8(ascii: "n"): out.append(0x0A); i &+= 2
            case UInt8(ascii: "r"): out.append(0x0D); i &+= 2
            case UInt8(ascii: "t"): out.append(0x09); i &+= 2
            case UInt8(ascii: "u"):
                var scalar = validatedHex4(p, i &+ 2)
                i &+= 6
                if scalar >= 0xD800 && scalar <= 0xDBFF {
                    let low = validatedHex4(p, i &+ 2)
                    scalar = 0x10000 &+ ((scalar &- 0xD800) &<< 10) &+ (low &- 0xDC00)
                    i &+= 6
                }
                appendUTF8(scalar, to: &out)
            default: out.append(e); i &+= 2  // `"`, `\` and `/` stand for themselves
            }
            run = i
        }
        if run < end { out.append(contentsOf: UnsafeBufferPointer(start: p + run, count: end &- run)) }
    }

    @inline(__always)
    static func validatedHex4(_ p: Bytes, _ i: Int) -> UInt32 {
        var value: UInt32 = 0
        for k in i..<(i &+ 4) { value = value &<< 4 | (hexValue(p[k]) ?? 0) }
        return value
    }

    static func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            out.append(UInt8(truncatingIfNeeded: scalar))
        case 0x80..<0x800:
            out.append(UInt8(truncatingIfNeeded: 0xC0 | scalar &>> 6))
            out.append(UInt8(truncatingIfNeeded: 0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            out.append(UInt8(truncatingIfNeeded: 0xE0 | scalar &>> 12))
            out.append(UInt8(truncatingIfNeeded: 0x80 | scalar &>> 6 & 0x3F))
            out.append(UInt8(truncatingIfNeeded: 0x80 | scalar & 0x3F))
        default:
            out.append(UInt8(truncatingIfNeeded: 0xF0 | scalar &>> 18))
            out.append(UInt8(truncatingIfNeeded: 0x80 | scalar &>> 12 & 0x3F))
            out.append(UInt8(truncatingIfNeeded: 0x80 | scalar &>> 6 & 0x3F))
            out.append(UInt8(truncatingIfNeeded: 0x80 | scalar & 0x3F))
        }
    }

    /// Validates a number starting at `i` (a `-` or a digit) by
    /// `JSONNumberGrammar` and returns the index after it; the literal text is
    /// kept as is.
    @inline(__always)
    static func scanNumber(_ p: Bytes, _ n: Int, _ i: Int) throws(EventDecodingError) -> Int {
        switch JSONNumberGrammar.scan(UnsafeBufferPointer(start: p, count: n), from: i) {
        case .number(let end): return end
        case .truncated: throw EventDecodingError(offset: n, reason: .unexpectedEnd)
        case .invalid: throw EventDecodingError(offset: i, reason: .invalidNumber)
        }
    }

    /// Checks `true`, `false` or `null` at `i` (whose first byte the caller
    /// has seen) and returns the index after it.
    @inline(__always)
    static func scanLiteral(_ p: Bytes, _ n: Int, _ i: Int, _ word: StaticString) throws(EventDecodingError) -> Int {
        let count = word.utf8CodeUnitCount
        let w = word.utf8Start
        var k = 1
        while k < count {
            guard i &+ k < n else { throw EventDecodingError(offset: n, reason: .unexpectedEnd) }
            guard p[i &+ k] == w[k] else { throw EventDecodingError(offset: i, reason: .invalidLiteral) }
            k &+= 1
        }
        return i &+ count
    }
}
