// The prefix and suffix index of the compiled matcher: every key a value must
// start (or end) with — `prefix`, `suffix`, their ignore-case forms on folded
// bytes, and wildcard heads and tails — stored in the shared byte table under
// its group and direction, with the distinct key lengths of each (group,
// direction) kept sorted.
//
// A lookup walks the value once from the anchored end, hashing byte by byte;
// at each length that some key has it probes the table once. Its cost is
// bounded by the value's length and the number of distinct key lengths, never
// by the number of keys: 10,000 prefixes of 8 bytes cost one probe.

extension ByteEntryView {
    /// Calls `body` with the hit of every key stored under `owner`
    /// that is a prefix (`backward == false`) or suffix of the `count` bytes
    /// at `value`, shortest key first. `lengths` are the distinct key lengths,
    /// ascending.
    @inline(__always)
    func forEachAnchored(
        owner: UInt32, backward: Bool, lengths: UnsafePointer<Int32>, lengthCount: Int,
        value: UnsafePointer<UInt8>, count: Int, _ body: (ByteHit) -> Void
    ) {
        var h = MatchHash.seed
        var consumed = 0
        var k = 0
        while k < lengthCount {
            let length = Int(lengths[k])
            if length > count { return }
            if backward {
                while consumed < length {
                    h = MatchHash.step(h, value[count - 1 - consumed])
                    consumed += 1
                }
            } else {
                while consumed < length {
                    h = MatchHash.step(h, value[consumed])
                    consumed += 1
                }
            }
            let keyStart = backward ? value + (count - length) : value
            let hit = find(owner: owner, hash: MatchHash.owned(h, owner: owner), key: keyStart, count: length)
            if hit.count != 0 { body(hit) }
            k += 1
        }
    }
}
