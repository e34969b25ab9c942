import DeterministicRandom
import EventPatterns

/// Property tests replay exactly from their seed.
typealias SeededGenerator = SplitMix64
