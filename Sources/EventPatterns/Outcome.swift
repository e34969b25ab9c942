/// What a byte key leads to: the next states, directly or after a wildcard
/// check of the whole value.
struct Outcome: Sendable {
    /// Index into the matcher's wildcards, or -1 when no check is needed.
    var wildcard: Int32
    var targetStart: Int32
    var targetCount: Int32
}
