/// `exists: false` on `path`: taken when the event has no scalar there.
struct AbsentRecord: Sendable {
    var path: Int32
    var target: Int32
}
