/// Well-formed UTF-8 by RFC 3629's table: no overlong forms, no encoded
/// surrogates, nothing above U+10FFFF. jansson checks documents itself; this
/// is for readers that walk bytes (the event scanner).
package enum UTF8Validation {
    package enum Scan {
        /// A well-formed sequence ends just before `end`.
        case scalar(end: Int)
        /// The input ended inside the sequence.
        case truncated
        case invalid
    }

    /// Checks the sequence whose lead byte (≥ 0x80) is at `i`; `n` is the
    /// number of bytes at `p`.
    @inlinable
    package static func scanSequence(_ p: UnsafePointer<UInt8>, _ n: Int, _ i: Int) -> Scan {
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch p[i] {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: return .invalid
        }
        var k = i &+ 1
        while k < i &+ length {
            guard k < n else { return .truncated }
            let c = p[k]
            guard c >= low && c <= high else { return .invalid }
            low = 0x80
            high = 0xBF
            k &+= 1
        }
        return .scalar(end: k)
    }
}
