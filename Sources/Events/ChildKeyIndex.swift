import EventPatterns

/// The `FieldPaths` child relation re-indexed for the scanner's key lookups.
///
/// `FieldPaths.child(of:key:)` hashes every byte of the key; keys in events
/// are short, so this table keys on the length and the first and last eight
/// bytes instead (two loads and a multiply). Keys up to 16 bytes are then
/// identified without comparing bytes at all; longer ones compare only the
/// middle. Built once per scanner; read-only afterwards.
struct ChildKeyIndex: Sendable {
    private struct Slot: Sendable {
        var parent: Int32 = -1  // -1: empty
        var length: Int32 = 0
        var prefix: UInt64 = 0
        var suffix: UInt64 = 0
        var keyStart: Int32 = 0
        var child: Int32 = 0
    }

    private var slots: [Slot]
    private var arena: [UInt8] = []
    private let mask: Int

    init(_ paths: FieldPaths) {
        var entries: [(parent: Int32, key: [UInt8], child: Int32)] = []
        for node in 1..<max(paths.count, 1) {
            let segments = paths.segments(of: Int32(node))
            guard let last = segments.last, let parent = paths.id(of: Array(segments.dropLast())) else { continue }
            entries.append((parent, Array(last.utf8), Int32(node)))
        }
        var size = 16
        while size < entries.count * 3 { size <<= 1 }
        slots = Array(repeating: Slot(), count: size)
        mask = size - 1
        for entry in entries {
            let (prefix, suffix) = entry.key.withUnsafeBufferPointer { key in
                Self.words(key.baseAddress ?? UnsafePointer(bitPattern: 1)!, key.count, readable: key.count)
            }
            var i = Self.slotIndex(parent: entry.parent, length: entry.key.count, prefix: prefix, suffix: suffix, mask: mask)
            while slots[i].parent >= 0 { i = (i + 1) & mask }
            slots[i] = Slot(
                parent: entry.parent, length: Int32(entry.key.count), prefix: prefix, suffix: suffix,
                keyStart: Int32(arena.count), child: entry.child)
            arena.append(contentsOf: entry.key)
        }
    }

    /// The child of `parent` for the `length` key bytes at `key`; `readable`
    /// (≥ `length`) says how many bytes from `key` may be loaded, which lets
    /// short keys inside a larger buffer be read with one load.
    @inline(__always)
    func child(of parent: Int32, key: UnsafePointer<UInt8>, length: Int, readable: Int) -> Int32? {
        let (prefix, suffix) = Self.words(key, length, readable: readable)
        var i = Self.slotIndex(parent: parent, length: length, prefix: prefix, suffix: suffix, mask: mask)
        return slots.withUnsafeBufferPointer { slots in
            while true {
                let slot = slots[i]
                if slot.parent < 0 { return nil }
                if slot.parent == parent && Int(slot.length) == length && slot.prefix == prefix && slot.suffix == suffix
                    && (length <= 16 || middleEqual(key, length, Int(slot.keyStart)))
                {
                    return slot.child
                }
                i = (i &+ 1) & mask
            }
        }
    }

    private func middleEqual(_ key: UnsafePointer<UInt8>, _ length: Int, _ start: Int) -> Bool {
        arena.withUnsafeBufferPointer { arena in
            var k = 8
            while k < length &- 8 {
                if arena[start &+ k] != key[k] { return false }
                k &+= 1
            }
            return true
        }
    }

    /// The first and last eight bytes of the key (zero-padded when shorter).
    @inline(__always)
    private static func words(_ key: UnsafePointer<UInt8>, _ length: Int, readable: Int) -> (UInt64, UInt64) {
        if length >= 8 {
            let raw = UnsafeRawPointer(key)
            return (raw.loadUnaligned(as: UInt64.self), raw.loadUnaligned(fromByteOffset: length &- 8, as: UInt64.self))
        }
        #if _endian(little)
        if readable >= 8 {
            let word = UnsafeRawPointer(key).loadUnaligned(as: UInt64.self)
            return (word & ((1 &<< UInt64(length &* 8)) &- 1), 0)
        }
        #endif
        var word: UInt64 = 0
        var k = 0
        while k < length {
            word |= UInt64(key[k]) &<< UInt64(k &* 8)
            k &+= 1
        }
        return (word, 0)
    }

    @inline(__always)
    private static func slotIndex(parent: Int32, length: Int, prefix: UInt64, suffix: UInt64, mask: Int) -> Int {
        var h = prefix &* 0x9E37_79B9_7F4A_7C15
        h ^= suffix &* 0xC2B2_AE3D_27D4_EB4F
        h ^= UInt64(truncatingIfNeeded: length) &<< 32 | UInt64(UInt32(bitPattern: parent))
        h = h &* 0xBF58_476D_1CE4_E5B9
        return Int(truncatingIfNeeded: h >> 32) & mask
    }
}
