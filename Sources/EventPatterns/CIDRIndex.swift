/// The `cidr` index of the compiled matcher.
///
/// A block is stored in the shared byte table (`ByteTag.cidr`) under the key
/// `[family, prefix length] + masked network` (family 4 or 16 bytes). A value
/// is parsed once per field and event — without allocating, by the rules of
/// `CIDRBlock.parseAddress` — and then, for each distinct (family, prefix
/// length) of the group, masked and looked up: a few probes, however many
/// blocks share the path. The rule is `CIDRBlock.contains`: same family,
/// equal leading `prefixLength` bits.
enum CIDRIndex {
    /// Key length for the largest family.
    static let maxKey = 18

    /// The key a block is stored under.
    static func key(_ block: CIDRBlock) -> [UInt8] {
        [UInt8(block.network.count), UInt8(block.prefixLength)] + block.network
    }

    /// The (family, prefix length) pair of a block as stored in a group's
    /// list of shapes: `family << 8 | prefixLength`.
    static func shape(_ block: CIDRBlock) -> Int32 {
        Int32(block.network.count) << 8 | Int32(block.prefixLength)
    }

    /// Writes the key of `address` (`family` bytes) masked to `bits` into `out`;
    /// returns the key length.
    @inline(__always)
    static func maskedKey(
        _ address: UnsafePointer<UInt8>, family: Int, bits: Int, into out: UnsafeMutablePointer<UInt8>
    ) -> Int {
        out[0] = UInt8(family)
        out[1] = UInt8(bits)
        for i in 0..<family {
            let keep = max(0, min(8, bits - i * 8))
            out[2 + i] = keep == 0 ? 0 : address[i] & (~UInt8(0) << (8 - keep))
        }
        return 2 + family
    }
}
