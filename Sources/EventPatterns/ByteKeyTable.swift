/// An open-addressing hash table from byte strings to `Int32`, so that the hot
/// path can look up a value it holds only as bytes without building a `String`.
///
/// Keys live in one arena; the table never shrinks and never deletes, which is
/// all compiled matchers and path tables need.
package struct ByteKeyTable: Sendable {
    private var slots: [Slot]
    private var arena: [UInt8] = []
    private var mask: Int
    package private(set) var count = 0

    private struct Slot: Sendable {
        var hash: UInt64 = 0
        var keyStart: Int32 = 0
        var keyCount: Int32 = -1  // -1: empty
        var value: Int32 = 0
    }

    package init(capacity: Int = 8) {
        var size = 8
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: Slot(), count: size)
        mask = size - 1
    }

    /// FNV-1a with a final mix; `seed` lets a caller fold a parent id into the key.
    @inlinable
    package static func hash(_ bytes: UnsafeBufferPointer<UInt8>, seed: UInt64 = 0) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ (seed &* 0x9E37_79B9_7F4A_7C15)
        for b in bytes {
            h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3
        }
        h ^= h >> 29
        h = h &* 0xBF58_476D_1CE4_E5B9
        h ^= h >> 32
        return h
    }

    package func value(for key: UnsafeBufferPointer<UInt8>, seed: UInt64 = 0) -> Int32? {
        let h = Self.hash(key, seed: seed)
        return lookup(key, hash: h)
    }

    package func value(for key: [UInt8], seed: UInt64 = 0) -> Int32? {
        key.withUnsafeBufferPointer { value(for: $0, seed: seed) }
    }

    @inline(__always)
    private func lookup(_ key: UnsafeBufferPointer<UInt8>, hash h: UInt64) -> Int32? {
        var i = Int(truncatingIfNeeded: h) & mask
        return slots.withUnsafeBufferPointer { slots in
            arena.withUnsafeBufferPointer { arena in
                while true {
                    let slot = slots[i]
                    if slot.keyCount < 0 { return nil }
                    if slot.hash == h && Int(slot.keyCount) == key.count {
                        let start = Int(slot.keyStart)
                        var equal = true
                        var j = 0
                        while j < key.count {
                            if arena[start + j] != key[j] { equal = false; break }
                            j += 1
                        }
                        if equal { return slot.value }
                    }
                    i = (i + 1) & mask
                }
            }
        }
    }

    /// Inserts or replaces the value for `key`.
    package mutating func set(_ value: Int32, for key: [UInt8], seed: UInt64 = 0) {
        let h = key.withUnsafeBufferPointer { Self.hash($0, seed: seed) }
        var i = Int(truncatingIfNeeded: h) & mask
        while slots[i].keyCount >= 0 {
            let s = slots[i]
            if s.hash == h && Int(s.keyCount) == key.count
                && arena[Int(s.keyStart)..<Int(s.keyStart) + key.count].elementsEqual(key)
            {
                slots[i].value = value
                return
            }
            i = (i + 1) & mask
        }
        slots[i] = Slot(hash: h, keyStart: Int32(arena.count), keyCount: Int32(key.count), value: value)
        arena.append(contentsOf: key)
        count += 1
        if count * 2 > slots.count { grow() }
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: Slot(), count: old.count * 2)
        mask = slots.count - 1
        for s in old where s.keyCount >= 0 {
            var i = Int(truncatingIfNeeded: s.hash) & mask
            while slots[i].keyCount >= 0 { i = (i + 1) & mask }
            slots[i] = s
        }
    }
}
