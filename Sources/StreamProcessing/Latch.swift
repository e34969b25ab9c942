import Synchronization

/// A value set once, awaited by any number of tasks.
final class Latch<Value: Sendable>: Sendable {
    private enum State {
        case waiting([CheckedContinuation<Value?, Never>])
        case done(Value?)
    }

    private let state = Mutex(State.waiting([]))

    func set(_ value: Value) { finish(value) }
    func cancel() { finish(nil) }

    private func finish(_ value: Value?) {
        let waiters = state.withLock { state -> [CheckedContinuation<Value?, Never>] in
            guard case .waiting(let waiters) = state else { return [] }
            state = .done(value)
            return waiters
        }
        for w in waiters { w.resume(returning: value) }
    }

    /// The value once set; nil if cancelled.
    func value() async -> Value? {
        await withCheckedContinuation { c in
            let done = state.withLock { state -> Value?? in
                switch state {
                case .waiting(let waiters):
                    state = .waiting(waiters + [c])
                    return nil
                case .done(let value):
                    return .some(value)
                }
            }
            if let done { c.resume(returning: done) }
        }
    }
}
