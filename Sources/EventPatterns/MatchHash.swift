/// Hashes used by the matcher's byte tables.
///
/// `whole` hashes a complete value a word at a time (exact lookups);
/// `step`/`finish` hash one byte at a time so that every prefix (or, walked
/// from the end, every suffix) of a value gets its hash on the way (anchored
/// lookups). `owned` mixes an owner into a value hash; it is the hash stored in
/// a table slot.
enum MatchHash {
    static let seed: UInt64 = 0xcbf2_9ce4_8422_2325

    @inline(__always)
    static func step(_ h: UInt64, _ byte: UInt8) -> UInt64 {
        (h ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
    }

    @inline(__always)
    static func mix(_ x: UInt64) -> UInt64 {
        var h = x
        h ^= h >> 33
        h = h &* 0xff51_afd7_ed55_8ccd
        h ^= h >> 33
        h = h &* 0xc4ce_b9fe_1a85_ec53
        h ^= h >> 33
        return h
    }

    @inline(__always)
    static func owned(_ valueHash: UInt64, owner: UInt32) -> UInt64 {
        mix(valueHash ^ (UInt64(owner) &* 0x9E37_79B9_7F4A_7C15))
    }

    /// Hash of all of `bytes`, eight at a time.
    @inline(__always)
    static func whole(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: count)
        let raw = UnsafeRawPointer(bytes)
        var i = 0
        while i + 8 <= count {
            let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            h = (h ^ w) &* 0xff51_afd7_ed55_8ccd
            h ^= h >> 29
            i += 8
        }
        if i < count {
            var w: UInt64 = 0
            if count >= 8 {
                // The last eight bytes, overlapping the words already mixed.
                w = raw.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
            } else {
                var shift: UInt64 = 0
                while i < count {
                    w |= UInt64(bytes[i]) << shift
                    shift += 8
                    i += 1
                }
            }
            h = (h ^ w) &* 0xc4ce_b9fe_1a85_ec53
        }
        return mix(h)
    }

    /// Whether the `count` bytes at `a` and `b` are equal, eight at a time.
    @inline(__always)
    static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        let ra = UnsafeRawPointer(a)
        let rb = UnsafeRawPointer(b)
        var i = 0
        while i + 8 <= count {
            if ra.loadUnaligned(fromByteOffset: i, as: UInt64.self) != rb.loadUnaligned(fromByteOffset: i, as: UInt64.self) {
                return false
            }
            i += 8
        }
        while i < count {
            if a[i] != b[i] { return false }
            i += 1
        }
        return true
    }

    static func whole(_ bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBufferPointer { whole($0.baseAddress ?? emptyBytes, $0.count) }
    }

    /// Rolling hash of `bytes` read front to back (`backward == false`) or back to front.
    static func rolling(_ bytes: [UInt8], backward: Bool) -> UInt64 {
        var h = seed
        if backward {
            for b in bytes.reversed() { h = step(h, b) }
        } else {
            for b in bytes { h = step(h, b) }
        }
        return h
    }

    /// A valid pointer for empty values.
    nonisolated(unsafe) static let emptyBytes: UnsafePointer<UInt8> = {
        let p = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
        p.initialize(to: 0)
        return UnsafePointer(p)
    }()
}
