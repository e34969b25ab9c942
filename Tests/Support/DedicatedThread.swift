import Foundation

/// Runs blocking Kafka work (polls, flushes, process waits) on its own thread, so
/// tests never park Swift's small cooperative pool (see NOTES.md) and can overlap
/// their group-join waits. Expectations stay in the calling test, where Swift Testing
/// can attribute them.
package func onDedicatedThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            continuation.resume(with: Result { try body() })
        }
        thread.stackSize = 4 << 20
        thread.start()
    }
}
