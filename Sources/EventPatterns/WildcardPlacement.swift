/// How the compiled matcher indexes a `wildcard` filter: by a literal anchor,
/// so that a value meets only the wildcards that share its head or its tail.
///
/// - No star: the value must equal the text — an exact string.
/// - `head*` (one star, at the end): a prefix; `*tail`: a suffix; `*`: any
///   string (the empty prefix). These need no check after the index.
/// - Otherwise the head goes into the forward anchored index or the tail
///   into the backward one, and a hit is confirmed with
///   `WildcardPattern.matches`. When both ends are literal, the builder picks
///   per state and path the end that fewer of that group's wildcards share
///   (then the longer one): `arn:aws:ecs:*:cluster/c12` is filed under its
///   tail when a thousand wildcards share the head `arn:aws:ecs:`.
/// - Only wildcards with a star at both ends and something between
///   (`*spot*`, `*a*b*`) have no anchor; they sit in a per-group list that is
///   checked one by one.
enum WildcardPlacement: Equatable {
    case exact([UInt8])
    case prefix([UInt8])
    case suffix([UInt8])
    /// Needs a check; `head` or `tail` (not both) may be empty.
    case anchored(head: [UInt8], tail: [UInt8])
    case floating

    init(_ w: WildcardPattern) {
        let pieces = w.pieces
        if pieces.count == 1 {
            self = .exact(pieces[0])
        } else if pieces.count == 2 && pieces[1].isEmpty {
            self = .prefix(pieces[0])
        } else if pieces.count == 2 && pieces[0].isEmpty {
            self = .suffix(pieces[1])
        } else if pieces[0].isEmpty && pieces[pieces.count - 1].isEmpty {
            self = .floating
        } else {
            self = .anchored(head: pieces[0], tail: pieces[pieces.count - 1])
        }
    }

    /// For an anchored wildcard of a group where `headCount` wildcards share
    /// its head and `tailCount` its tail: whether to file it under the tail.
    static func prefersTail(head: [UInt8], tail: [UInt8], headCount: Int, tailCount: Int) -> Bool {
        if head.isEmpty { return true }
        if tail.isEmpty { return false }
        if headCount != tailCount { return tailCount < headCount }
        return tail.count > head.count
    }
}
