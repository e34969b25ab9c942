/// The frozen automaton of a `PatternMatcher`: flat arrays of plain records
/// that the matching walk reads through raw pointers (no reference counting,
/// no bounds or exclusivity checks on the hot path). Immutable after `init`,
/// hence safe to share between threads.
final class CompiledTables: @unchecked Sendable {
    let states: UnsafeBufferPointer<StateRecord>
    let groups: UnsafeBufferPointer<GroupRecord>
    let affixSpecs: UnsafeBufferPointer<AffixSpec>
    let lengths: UnsafeBufferPointer<Int32>
    let targets: UnsafeBufferPointer<Int32>
    let accepts: UnsafeBufferPointer<Int32>
    let absents: UnsafeBufferPointer<AbsentRecord>
    let outcomes: UnsafeBufferPointer<Outcome>
    let sharedEntries: UnsafeBufferPointer<SharedFilterEntry>
    let byteSlots: UnsafeBufferPointer<ByteSlot>
    let byteArena: UnsafeBufferPointer<UInt8>
    let byteMask: Int
    let scalarSlots: UnsafeBufferPointer<ScalarSlot>
    let scalarMask: Int
    let wildcards: UnsafeBufferPointer<WildcardPattern>
    let sharedFilters: UnsafeBufferPointer<ContentFilter>
    /// Per path id: `PathFlags` bits.
    let pathFlags: UnsafeBufferPointer<UInt8>
    let rangeIndexes: UnsafeBufferPointer<RangeIndexRecord>
    let rangeBounds: UnsafeBufferPointer<Double>
    let rangeNodes: UnsafeBufferPointer<RangeNode>
    let exclusions: UnsafeBufferPointer<ExclusionRecord>
    let exclusionTargets: UnsafeBufferPointer<TargetRun>
    /// Root block of each fragment automaton, in `fragmentWords`.
    let fragmentAutomata: UnsafeBufferPointer<Int32>
    let fragmentWords: UnsafeBufferPointer<UInt32>
    let fragmentRows: UnsafeBufferPointer<UInt32>
    let fragmentOutcomes: UnsafeBufferPointer<Int32>
    let patternCount: Int
    /// Steps in the longest conjunction (the depth of the trie).
    let maxDepth: Int
    /// The same arrays as plain pointers, for the walk.
    var view: TableView {
        TableView(
            states: states.baseAddress!, groups: groups.baseAddress!, affixSpecs: affixSpecs.baseAddress!,
            lengths: lengths.baseAddress!, targets: targets.baseAddress!, accepts: accepts.baseAddress!,
            absents: absents.baseAddress!, outcomes: outcomes.baseAddress!, sharedEntries: sharedEntries.baseAddress!,
            sharedFilters: sharedFilters.baseAddress!, wildcards: wildcards.baseAddress!,
            byteTable: ByteEntryView(slots: byteSlots.baseAddress!, arena: byteArena.baseAddress!, mask: byteMask),
            scalars: ScalarView(slots: scalarSlots.baseAddress!, mask: scalarMask),
            pathFlags: pathFlags.baseAddress!, pathCount: pathFlags.count,
            ranges: RangeIndexView(
                records: rangeIndexes.baseAddress!, bounds: rangeBounds.baseAddress!, nodes: rangeNodes.baseAddress!),
            exclusions: exclusions.baseAddress!, exclusionTargets: exclusionTargets.baseAddress!,
            fragmentAutomata: fragmentAutomata.baseAddress!,
            fragments: FragmentAutomataView(
                words: fragmentWords.baseAddress!, rows: fragmentRows.baseAddress!, outcomes: fragmentOutcomes.baseAddress!))
    }

    init(
        states: [StateRecord], groups: [GroupRecord], affixSpecs: [AffixSpec], lengths: [Int32], targets: [Int32],
        accepts: [Int32], absents: [AbsentRecord], outcomes: [Outcome], sharedEntries: [SharedFilterEntry],
        byteTable: ByteEntryTable, scalarTable: ScalarTable, wildcards: [WildcardPattern],
        sharedFilters: [ContentFilter], pathFlags: [UInt8],
        rangeIndexes: [RangeIndexRecord], rangeBounds: [Double], rangeNodes: [RangeNode],
        exclusions: [ExclusionRecord], exclusionTargets: [TargetRun],
        fragmentAutomata: [Int32], fragmentWords: [UInt32], fragmentRows: [UInt32], fragmentOutcomes: [Int32],
        patternCount: Int, maxDepth: Int
    ) {
        self.maxDepth = maxDepth
        self.states = Self.freeze(states)
        self.groups = Self.freeze(groups)
        self.affixSpecs = Self.freeze(affixSpecs)
        self.lengths = Self.freeze(lengths)
        self.targets = Self.freeze(targets)
        self.accepts = Self.freeze(accepts)
        self.absents = Self.freeze(absents)
        self.outcomes = Self.freeze(outcomes)
        self.sharedEntries = Self.freeze(sharedEntries)
        self.byteSlots = Self.freeze(byteTable.slots)
        self.byteArena = Self.freeze(byteTable.arena)
        self.byteMask = byteTable.mask
        self.scalarSlots = Self.freeze(scalarTable.slots)
        self.scalarMask = scalarTable.mask
        self.wildcards = Self.freeze(wildcards)
        self.sharedFilters = Self.freeze(sharedFilters)
        self.pathFlags = Self.freeze(pathFlags)
        self.rangeIndexes = Self.freeze(rangeIndexes)
        self.rangeBounds = Self.freeze(rangeBounds)
        self.rangeNodes = Self.freeze(rangeNodes)
        self.exclusions = Self.freeze(exclusions)
        self.exclusionTargets = Self.freeze(exclusionTargets)
        self.fragmentAutomata = Self.freeze(fragmentAutomata)
        self.fragmentWords = Self.freeze(fragmentWords)
        self.fragmentRows = Self.freeze(fragmentRows)
        self.fragmentOutcomes = Self.freeze(fragmentOutcomes)
        self.patternCount = patternCount
    }

    deinit {
        Self.release(states)
        Self.release(groups)
        Self.release(affixSpecs)
        Self.release(lengths)
        Self.release(targets)
        Self.release(accepts)
        Self.release(absents)
        Self.release(outcomes)
        Self.release(sharedEntries)
        Self.release(byteSlots)
        Self.release(byteArena)
        Self.release(scalarSlots)
        Self.release(wildcards)
        Self.release(sharedFilters)
        Self.release(pathFlags)
        Self.release(rangeIndexes)
        Self.release(rangeBounds)
        Self.release(rangeNodes)
        Self.release(exclusions)
        Self.release(exclusionTargets)
        Self.release(fragmentAutomata)
        Self.release(fragmentWords)
        Self.release(fragmentRows)
        Self.release(fragmentOutcomes)
    }

    /// A heap copy of `array` that outlives it (at least one element allocated,
    /// so the base address is never nil).
    private static func freeze<T>(_ array: [T]) -> UnsafeBufferPointer<T> {
        let p = UnsafeMutablePointer<T>.allocate(capacity: max(array.count, 1))
        array.withUnsafeBufferPointer { src in
            if let base = src.baseAddress { p.initialize(from: base, count: src.count) }
        }
        return UnsafeBufferPointer(start: p, count: array.count)
    }

    private static func release<T>(_ buffer: UnsafeBufferPointer<T>) {
        let p = UnsafeMutablePointer(mutating: buffer.baseAddress!)
        p.deinitialize(count: buffer.count)
        p.deallocate()
    }
}

/// Pointers into a `CompiledTables`, valid while it lives (a `PatternMatcher`
/// holds both), so the hot path reads the automaton without reference counting.
struct TableView: @unchecked Sendable {
    let states: UnsafePointer<StateRecord>
    let groups: UnsafePointer<GroupRecord>
    let affixSpecs: UnsafePointer<AffixSpec>
    let lengths: UnsafePointer<Int32>
    let targets: UnsafePointer<Int32>
    let accepts: UnsafePointer<Int32>
    let absents: UnsafePointer<AbsentRecord>
    let outcomes: UnsafePointer<Outcome>
    let sharedEntries: UnsafePointer<SharedFilterEntry>
    let sharedFilters: UnsafePointer<ContentFilter>
    let wildcards: UnsafePointer<WildcardPattern>
    let byteTable: ByteEntryView
    let scalars: ScalarView
    let pathFlags: UnsafePointer<UInt8>
    let pathCount: Int
    let ranges: RangeIndexView
    let exclusions: UnsafePointer<ExclusionRecord>
    let exclusionTargets: UnsafePointer<TargetRun>
    let fragmentAutomata: UnsafePointer<Int32>
    let fragments: FragmentAutomataView
}
