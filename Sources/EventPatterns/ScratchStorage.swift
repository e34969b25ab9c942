/// The per-event buffers of a `PatternMatcher.Scratch`: plain memory, sized
/// once per matcher (per state, path, pattern, shared filter) and grown to the
/// largest event seen (per field, array, byte), never shrunk, so a steady
/// stream of events allocates nothing.
final class ScratchStorage {
    let tables: CompiledTables
    var generation: UInt32 = 0

    // Per path.
    var chainHead: Buffer<Int32>
    var present: Buffer<Int32>
    // Per state, pattern, shared filter.
    var visited: Buffer<UInt32>
    var marks: Buffer<UInt32>
    var found: Buffer<Int32>
    var sortBuffer: Buffer<Int32>
    var sharedStamp: Buffer<UInt32>
    var sharedField: Buffer<Int32>
    var sharedResult: Buffer<UInt8>
    // Per field.
    var chainNext = Buffer<Int32>()
    var hashStamp = Buffer<UInt32>()
    var hashValue = Buffer<UInt64>()
    var foldStart = Buffer<Int32>()
    var foldCount = Buffer<Int32>()
    var foldHashStamp = Buffer<UInt32>()
    var foldHash = Buffer<UInt64>()
    var numberStamp = Buffer<UInt32>()
    var numberKind = Buffer<UInt8>()
    var numberValue = Buffer<Double>()
    var effectiveStart = Buffer<Int32>()
    var effectiveCount = Buffer<Int32>()
    var addressStamp = Buffer<UInt32>()
    var addressFamily = Buffer<UInt8>()
    /// 16 bytes per field.
    var addressBytes = Buffer<UInt8>()
    // Fixed work areas.
    var addressGroups = Buffer<UInt16>(count: 16, fill: 0)
    var keyBuffer = Buffer<UInt8>(count: CIDRIndex.maxKey + 14, fill: 0)
    // Per array, per array position, per folded byte.
    var arrayStamp = Buffer<UInt32>()
    var arrayOwner = Buffer<Int32>()
    var arrayShared = Buffer<UInt8>()
    var bound = Buffer<Int32>()
    var undo = Buffer<Int32>()
    var effectiveArray = Buffer<Int32>()
    var effectiveIndex = Buffer<Int32>()
    var foldBytes = Buffer<UInt8>()
    // The walk's stack.
    var candidates = Buffer<WalkCandidate>(count: 64, fill: WalkCandidate(target: 0, field: 0))
    var frames: Buffer<WalkFrame>
    // Exclusion indexes (per exclusion filter): stamped with the lookup's number.
    var exclusionProbe: UInt32 = 0
    var excluded: Buffer<UInt32>
    var agreed: Buffer<UInt32>
    var agreeCount: Buffer<Int32>
    /// The complement lists one lookup hit (offsets in `targets`).
    var complements = Buffer<Int32>(count: 8, fill: 0)
    // Fragment automata (per outcome): stamped with the scan's number.
    var fragmentProbe: UInt32 = 0
    var outcomeStamp: Buffer<UInt32>

    init(tables: CompiledTables, pathCount: Int) {
        self.tables = tables
        chainHead = Buffer(count: pathCount, fill: -1)
        present = Buffer(count: pathCount, fill: 0)
        visited = Buffer(count: tables.states.count, fill: 0)
        marks = Buffer(count: tables.patternCount, fill: 0)
        found = Buffer(count: tables.patternCount, fill: 0)
        sortBuffer = Buffer(count: tables.patternCount, fill: 0)
        sharedStamp = Buffer(count: tables.sharedFilters.count, fill: 0)
        sharedField = Buffer(count: tables.sharedFilters.count, fill: 0)
        sharedResult = Buffer(count: tables.sharedFilters.count, fill: 0)
        frames = Buffer(count: tables.maxDepth + 2, fill: WalkFrame(start: 0, next: 0, end: 0, undoMark: 0))
        excluded = Buffer(count: tables.exclusionTargets.count, fill: 0)
        agreed = Buffer(count: tables.exclusionTargets.count, fill: 0)
        agreeCount = Buffer(count: tables.exclusionTargets.count, fill: 0)
        outcomeStamp = Buffer(count: tables.outcomes.count, fill: 0)
    }

    deinit {
        chainHead.free(); present.free(); visited.free(); marks.free(); found.free(); sortBuffer.free()
        sharedStamp.free(); sharedField.free(); sharedResult.free()
        chainNext.free(); hashStamp.free(); hashValue.free(); foldStart.free(); foldCount.free()
        foldHashStamp.free(); foldHash.free(); numberStamp.free(); numberKind.free(); numberValue.free()
        effectiveStart.free(); effectiveCount.free()
        arrayStamp.free(); arrayOwner.free(); arrayShared.free(); bound.free(); undo.free()
        effectiveArray.free(); effectiveIndex.free(); foldBytes.free(); candidates.free(); frames.free()
        addressStamp.free(); addressFamily.free(); addressBytes.free(); addressGroups.free(); keyBuffer.free()
        excluded.free(); agreed.free(); agreeCount.free(); complements.free(); outcomeStamp.free()
    }

    /// The number of the next exclusion lookup; on wrap-around its stamps are cleared.
    func nextExclusionProbe() -> UInt32 {
        exclusionProbe &+= 1
        if exclusionProbe == 0 {
            excluded.fill(0); agreed.fill(0)
            exclusionProbe = 1
        }
        return exclusionProbe
    }

    /// The number of the next fragment scan; on wrap-around its stamps are cleared.
    func nextFragmentProbe() -> UInt32 {
        fragmentProbe &+= 1
        if fragmentProbe == 0 {
            outcomeStamp.fill(0)
            fragmentProbe = 1
        }
        return fragmentProbe
    }

    /// The stamp for the next event; on wrap-around every stamp is cleared.
    func nextGeneration() -> UInt32 {
        generation &+= 1
        if generation == 0 {
            visited.fill(0); marks.fill(0); sharedStamp.fill(0)
            hashStamp.fill(0); foldHashStamp.fill(0); numberStamp.fill(0); arrayStamp.fill(0); addressStamp.fill(0)
            generation = 1
        }
        return generation
    }

    func reserve(fields: Int) {
        if chainNext.count >= fields { return }
        let n = max(fields, chainNext.count * 2, 64)
        chainNext.grow(to: n, fill: -1)
        hashStamp.grow(to: n, fill: 0)
        hashValue.grow(to: n, fill: 0)
        foldStart.grow(to: n, fill: 0)
        foldCount.grow(to: n, fill: 0)
        foldHashStamp.grow(to: n, fill: 0)
        foldHash.grow(to: n, fill: 0)
        numberStamp.grow(to: n, fill: 0)
        numberKind.grow(to: n, fill: 0)
        numberValue.grow(to: n, fill: 0)
        effectiveStart.grow(to: n, fill: 0)
        effectiveCount.grow(to: n, fill: 0)
        addressStamp.grow(to: n, fill: 0)
        addressFamily.grow(to: n, fill: 0)
        addressBytes.grow(to: 16 * n, fill: 0)
    }

    func reserve(arrays: Int, positions: Int) {
        if arrayStamp.count < arrays {
            let n = max(arrays, arrayStamp.count * 2, 16)
            arrayStamp.grow(to: n, fill: 0)
            arrayOwner.grow(to: n, fill: 0)
            arrayShared.grow(to: n, fill: 0)
            bound.grow(to: n, fill: -1)
            undo.grow(to: n, fill: 0)
        }
        if effectiveArray.count < positions {
            let n = max(positions, effectiveArray.count * 2, 16)
            effectiveArray.grow(to: n, fill: 0)
            effectiveIndex.grow(to: n, fill: 0)
        }
    }
}
