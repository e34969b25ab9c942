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
