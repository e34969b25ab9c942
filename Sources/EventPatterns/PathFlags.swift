/// Bits of `CompiledTables.pathFlags`.
enum PathFlags {
    /// Some state reads the path (its fields get chained per event).
    static let tested: UInt8 = 1
    /// Some group on the path compares case-folded bytes.
    static let folds: UInt8 = 2
    /// Some conjunction has two steps on the path, so its arrays always
    /// constrain (see `MatchWalk`).
    static let multiStep: UInt8 = 4
}
