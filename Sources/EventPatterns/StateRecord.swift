/// One state of the automaton: the patterns it accepts and its transitions,
/// grouped by path (`groups`, sorted by path id) plus the absence transitions
/// of `exists: false`.
struct StateRecord: Sendable {
    var acceptStart: Int32 = 0
    var acceptCount: Int32 = 0
    var groupStart: Int32 = 0
    var groupCount: Int32 = 0
    var absentStart: Int32 = 0
    var absentCount: Int32 = 0
}
