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
