/// One (group, direction) of the anchored index: where its keys live in
/// the byte table (`tag`) and its distinct key lengths (in `lengths`).
struct AffixSpec: Sendable {
    /// A `ByteTag` raw value: `forward`, `backward`, `foldedForward` or `foldedBackward`.
    var tag: UInt32
    /// Whether keys are suffixes (`backward`, `foldedBackward`).
    var backward: Bool
    /// Whether keys compare with the case-folded value.
    var folded: Bool
    var lengthStart: Int32
    var lengthCount: Int32

    init(tag: ByteTag, lengthStart: Int32, lengthCount: Int32) {
        self.tag = tag.rawValue
        self.backward = tag.isBackward
        self.folded = tag.isFolded
        self.lengthStart = lengthStart
        self.lengthCount = lengthCount
    }
}
