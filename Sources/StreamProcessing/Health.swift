import Dispatch
import Synchronization

/// What `/healthz` and `/readyz` report: written by the processing thread,
/// read by the HTTP server.
package final class Health: Sendable {
    private struct State {
        var alive = DispatchTime.now()
        var ready = false
        var failure: String?
        var stopped = false
    }

    private let state = Mutex(State())

    package init() {}

    /// The processing loop came round.
    package func markAlive() { state.withLock { $0.alive = DispatchTime.now() } }
    /// Partitions are assigned (or the assignment is settled): records flow.
    package func markReady() { state.withLock { $0.ready = true } }
    package func markStopped() { state.withLock { $0.stopped = true } }
    /// The loop cannot go on (a rebalance it could not complete); it stops at its next turn.
    package func fail(_ why: String) { state.withLock { $0.failure = why } }

    package var failureReason: String? { state.withLock { $0.failure } }

    /// Alive: no failure, and the loop came round within the last 30 seconds.
    package var isHealthy: Bool {
        state.withLock { $0.failure == nil && DispatchTime.now().uptimeNanoseconds - $0.alive.uptimeNanoseconds < 30_000_000_000 }
    }

    package var isReady: Bool { state.withLock { $0.ready && $0.failure == nil && !$0.stopped } }
}
