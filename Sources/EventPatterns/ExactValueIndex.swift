#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// The exact-value indexes of the compiled matcher: one hash table for byte
// strings and one for scalars (numbers, booleans, null), each shared by every
// (state, path) group of the automaton. A key carries its group as an
// "owner", so a lookup is one probe whatever the number of patterns, and the
// hot path hashes the value's bytes in place without building a `String`.

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

/// Which of a group's byte-keyed entries a key belongs to (the low bits of an owner).
enum ByteTag: UInt32 {
    /// The whole value equals the key (exact strings, star-free wildcards).
    case exact = 0
    /// The case-folded value equals the key (`equals-ignore-case`).
    case foldedExact = 1
    /// The value starts with the key (prefixes, wildcard heads).
    case forward = 2
    /// The value ends with the key (suffixes, wildcard tails).
    case backward = 3
    /// The folded value starts with the key.
    case foldedForward = 4
    /// The folded value ends with the key.
    case foldedBackward = 5
    /// A number literal that is not comparable, by its exact text.
    case numberText = 6
    /// A `cidr` block, by `CIDRIndex.key`.
    case cidr = 7

    var isBackward: Bool {
        @inline(__always) get { self == .backward || self == .foldedBackward }
    }
    var isFolded: Bool {
        @inline(__always) get { self == .foldedExact || self == .foldedForward || self == .foldedBackward }
    }

    @inline(__always)
    static func owner(group: Int32, tag: ByteTag) -> UInt32 {
        UInt32(truncatingIfNeeded: group) << 3 | tag.rawValue
    }
}

/// What a byte key leads to: the next states, directly or after a wildcard
/// check of the whole value.
struct Outcome: Sendable {
    /// Index into the matcher's wildcards, or -1 when no check is needed.
    var wildcard: Int32
    var targetStart: Int32
    var targetCount: Int32
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

/// Scalar kinds in the scalar table.
enum ScalarTag: UInt32 {
    /// A comparable number (see `ComparableNumber`), keyed by its `Double`
    /// bits (`-0` is already `0`). Numbers that are not comparable equal only
    /// the same literal text and live in the byte table (`ByteTag.numberText`).
    case comparable = 1
    case `true` = 3
    case `false` = 4
    case null = 5
}

struct ScalarSlot: Sendable {
    var bits: UInt64 = 0
    var group: Int32 = -1  // -1: empty
    var tag: UInt32 = 0
    var targetStart: Int32 = 0
    var targetCount: Int32 = 0
}

/// The exact-number, boolean and null index: (group, kind, bits) → next states.
struct ScalarTable {
    struct Entry {
        var group: Int32
        var tag: ScalarTag
        var bits: UInt64
        var targetStart: Int32
        var targetCount: Int32
    }

    private(set) var slots: [ScalarSlot]
    let mask: Int

    init(_ entries: [Entry]) {
        var size = 16
        while size < entries.count * 2 { size <<= 1 }
        slots = Array(repeating: ScalarSlot(), count: size)
        mask = size - 1
        for e in entries {
            var i = Int(truncatingIfNeeded: Self.hash(group: e.group, tag: e.tag.rawValue, bits: e.bits)) & mask
            while slots[i].group >= 0 { i = (i + 1) & mask }
            slots[i] = ScalarSlot(bits: e.bits, group: e.group, tag: e.tag.rawValue, targetStart: e.targetStart, targetCount: e.targetCount)
        }
    }

    @inline(__always)
    static func hash(group: Int32, tag: UInt32, bits: UInt64) -> UInt64 {
        MatchHash.mix(bits ^ (UInt64(UInt32(bitPattern: group)) << 3 | UInt64(tag)) &* 0x9E37_79B9_7F4A_7C15)
    }
}

struct ScalarView {
    let slots: UnsafePointer<ScalarSlot>
    let mask: Int

    @inline(__always)
    func find(group: Int32, tag: UInt32, bits: UInt64) -> (start: Int, count: Int) {
        var i = Int(truncatingIfNeeded: ScalarTable.hash(group: group, tag: tag, bits: bits)) & mask
        while true {
            let slot = slots[i]
            if slot.group < 0 { return (0, 0) }
            if slot.group == group && slot.tag == tag && slot.bits == bits {
                return (Int(slot.targetStart), Int(slot.targetCount))
            }
            i = (i + 1) & mask
        }
    }
}
