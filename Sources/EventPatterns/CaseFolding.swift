/// The case folding that `equals-ignore-case` and the ignore-case forms of
/// `prefix` and `suffix` compare under; both the reference evaluator and the
/// compiled matcher fold with this, so they cannot disagree.
///
/// Two strings are equal ignoring case when their folds are equal. The fold
/// maps each Unicode scalar to the lowercase of its uppercase, with simple
/// (one-to-one) mappings — the rule of Java's `String.equalsIgnoreCase`, close
/// to event-ruler's per-character lower/upper alternatives: `ALARM` ≡ `alarm`,
/// `Σ` ≡ `σ` ≡ `ς`, `K` (Kelvin sign) ≡ `k`, `ǅ` ≡ `ǆ` ≡ `Ǆ`. Mappings that
/// would change the length (`ß` → `SS`) are not applied, so `straße` is not
/// `STRASSE`. ASCII input takes a byte-wise fast path.
package enum CaseFolding {
    package static func fold(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var ascii = true
        for b in bytes where b >= 0x80 {
            ascii = false
            break
        }
        if ascii {
            var out = [UInt8](repeating: 0, count: bytes.count)
            for i in 0..<bytes.count { out[i] = lowerASCII(bytes[i]) }
            return out
        }
        return foldScalars(String(decoding: bytes, as: UTF8.self))
    }

    package static func fold(_ s: String) -> [UInt8] {
        var s = s
        return s.withUTF8 { fold($0) }
    }

    package static func fold(_ bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBufferPointer { fold($0) }
    }

    /// The fold of one scalar.
    package static func fold(_ c: Unicode.Scalar) -> Unicode.Scalar {
        if c.isASCII { return Unicode.Scalar(lowerASCII(UInt8(c.value))) }
        var upper = c
        let u = c.properties.uppercaseMapping.unicodeScalars
        if u.count == 1 {
            upper = u.first!
        } else {
            // No simple uppercase in the full mapping (e.g. ᾀ → ἈΙ): the
            // titlecase form is the simple uppercase when it is one scalar.
            let t = c.properties.titlecaseMapping.unicodeScalars
            if t.count == 1 { upper = t.first! }
        }
        let l = upper.properties.lowercaseMapping.unicodeScalars
        // İ lowercases to "i̇" in full; its simple lowercase is "i".
        return l.first ?? upper
    }

    @inline(__always)
    static func lowerASCII(_ b: UInt8) -> UInt8 {
        b &- 0x41 < 26 ? b | 0x20 : b
    }

    private static func foldScalars(_ s: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            let f = fold(c)
            out.append(contentsOf: UTF8.encode(f)!)
        }
        return out
    }

    /// Whether `value` equals `pattern` ignoring case, without allocating
    /// when both are ASCII.
    static func equal(_ value: UnsafeBufferPointer<UInt8>, _ pattern: String) -> Bool {
        var pattern = pattern
        return pattern.withUTF8 { p in
            if isASCII(value) && isASCII(p) {
                guard value.count == p.count else { return false }
                for i in 0..<p.count where lowerASCII(value[i]) != lowerASCII(p[i]) { return false }
                return true
            }
            return fold(value) == fold(p)
        }
    }

    static func hasPrefix(_ value: UnsafeBufferPointer<UInt8>, _ prefix: String) -> Bool {
        var prefix = prefix
        return prefix.withUTF8 { p in
            if isASCII(value) && isASCII(p) {
                guard value.count >= p.count else { return false }
                for i in 0..<p.count where lowerASCII(value[i]) != lowerASCII(p[i]) { return false }
                return true
            }
            return fold(value).starts(with: fold(p))
        }
    }

    static func hasSuffix(_ value: UnsafeBufferPointer<UInt8>, _ suffix: String) -> Bool {
        var suffix = suffix
        return suffix.withUTF8 { p in
            if isASCII(value) && isASCII(p) {
                guard value.count >= p.count else { return false }
                let offset = value.count - p.count
                for i in 0..<p.count where lowerASCII(value[offset + i]) != lowerASCII(p[i]) { return false }
                return true
            }
            let v = fold(value)
            let f = fold(p)
            return v.count >= f.count && v[(v.count - f.count)...].elementsEqual(f)
        }
    }

    @inline(__always)
    static func isASCII(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        for x in b where x >= 0x80 { return false }
        return true
    }
}
