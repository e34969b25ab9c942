// The exact-value indexes of the compiled matcher: this hash table for byte
// strings and `ScalarTable` for numbers, booleans and null, each shared by
// every (state, path) group of the automaton. A key carries its group as an
// "owner", so a lookup is one probe whatever the number of patterns, and the
// hot path hashes the value's bytes in place without building a `String`.

/// The exact-string index (and the store behind the anchored prefix/suffix
/// index): an open-addressing table from (owner, bytes) to a run of outcomes,
/// or straight to the next state when that is all there is. Built once with
/// its final size, then frozen.
struct ByteEntryTable {
    struct Entry {
        var owner: UInt32
        var key: [UInt8]
        var hash: UInt64
        var payload: UInt32
        var payloadCount: UInt32
    }

    private(set) var slots: [ByteSlot]
    private(set) var arena: [UInt8] = []
    let mask: Int

    init(_ entries: [Entry]) {
        var size = 16
        while size * 2 < entries.count * 3 { size <<= 1 }  // load factor at most 2/3
        slots = Array(repeating: ByteSlot(), count: size)
        mask = size - 1
        for e in entries {
            var i = Int(truncatingIfNeeded: e.hash) & mask
            while slots[i].owner != .max { i = (i + 1) & mask }
            while arena.count % 4 != 0 { arena.append(0) }
            slots[i] = ByteSlot(
                check: UInt32(truncatingIfNeeded: e.hash >> 32), owner: e.owner, record: UInt32(arena.count),
                payload: e.payload)
            withUnsafeBytes(of: UInt32(e.key.count).littleEndian) { arena.append(contentsOf: $0) }
            withUnsafeBytes(of: e.payloadCount.littleEndian) { arena.append(contentsOf: $0) }
            arena.append(contentsOf: e.key)
        }
        while arena.count % 8 != 0 { arena.append(0) }
    }

    /// The hash a key is stored under.
    static func hash(of key: [UInt8], tag: ByteTag, owner: UInt32) -> UInt64 {
        switch tag {
        case .exact, .foldedExact, .numberText, .cidr:
            return MatchHash.owned(MatchHash.whole(key), owner: owner)
        case .forward, .foldedForward:
            return MatchHash.owned(MatchHash.rolling(key, backward: false), owner: owner)
        case .backward, .foldedBackward:
            return MatchHash.owned(MatchHash.rolling(key, backward: true), owner: owner)
        }
    }
}

/// A slot of the byte table: 16 bytes, four to a cache line.
struct ByteSlot: Sendable {
    /// High 32 bits of the key's hash (the low bits chose the slot).
    var check: UInt32 = 0
    /// `UInt32.max` marks an empty slot (no owner has all bits set).
    var owner: UInt32 = .max
    /// Offset in the arena of the key's record: key length and payload count
    /// (two `UInt32`), then the key bytes.
    var record: UInt32 = 0
    /// `ByteHit.payload`.
    var payload: UInt32 = 0
}

/// What a byte-table lookup found.
struct ByteHit {
    /// With the high bit set: the one state the key leads to (low 31 bits).
    /// Otherwise the first of `count` outcomes.
    var payload: UInt32
    /// 0 when the key is absent.
    var count: UInt32

    static let direct: UInt32 = 0x8000_0000
}

/// The frozen, pointer-based form of `ByteEntryTable` the hot path reads.
struct ByteEntryView {
    let slots: UnsafePointer<ByteSlot>
    let arena: UnsafePointer<UInt8>
    let mask: Int

    /// What is stored for `key` (`count` bytes at `key`) under `owner`, given
    /// the key's stored hash.
    @inline(__always)
    func find(owner: UInt32, hash: UInt64, key: UnsafePointer<UInt8>, count: Int) -> ByteHit {
        var i = Int(truncatingIfNeeded: hash) & mask
        let check = UInt32(truncatingIfNeeded: hash >> 32)
        while true {
            let slot = slots[i]
            if slot.owner == .max { return ByteHit(payload: 0, count: 0) }
            if slot.check == check && slot.owner == owner {
                let record = UnsafeRawPointer(arena + Int(slot.record))
                let keyCount = Int(UInt32(littleEndian: record.load(as: UInt32.self)))
                if keyCount == count && MatchHash.equal(arena + Int(slot.record) + 8, key, count) {
                    return ByteHit(
                        payload: slot.payload,
                        count: UInt32(littleEndian: record.load(fromByteOffset: 4, as: UInt32.self)))
                }
            }
            i = (i + 1) & mask
        }
    }
}
