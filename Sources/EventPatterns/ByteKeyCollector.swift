/// Compile-time collection of one group's byte keys, by tag.
struct ByteKeyCollector {
    /// tag → key → wildcard id (-1 for none) → next states.
    var keys: [ByteTag: [[UInt8]: [Int32: Set<Int32>]]] = [:]

    mutating func add(_ tag: ByteTag, _ key: [UInt8], wildcard: Int32 = -1, target: Int32) {
        keys[tag, default: [:]][key, default: [:]][wildcard, default: []].insert(target)
    }

    func has(_ tag: ByteTag) -> Bool { !(keys[tag]?.isEmpty ?? true) }

    /// The distinct key lengths of `tag`, ascending.
    func lengths(_ tag: ByteTag) -> [Int32] {
        guard let k = keys[tag] else { return [] }
        return Set(k.keys.map { Int32($0.count) }).sorted()
    }
}
