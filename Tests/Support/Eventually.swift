/// Ends `eventually` at once instead of being retried until the deadline.
package struct FatalHarnessError: Error, CustomStringConvertible {
    package var description: String
    package init(_ description: String) { self.description = description }
}

/// Polls `condition` until it returns a value, failing with `what` (and `context`,
/// e.g. the engine's log) after `timeout`.
package func eventually<T>(
    _ what: @autoclosure () -> String,
    timeout: Duration = .seconds(60),
    every interval: Duration = .milliseconds(200),
    context: () -> String = { "" },
    _ condition: () async throws -> T?
) async throws -> T {
    let deadline = ContinuousClock.now + timeout
    var lastError: Error?
    while true {
        do {
            if let value = try await condition() { return value }
            lastError = nil
        } catch let error as CancellationError {
            throw error
        } catch let error as FatalHarnessError {
            throw error
        } catch {
            lastError = error
        }
        if ContinuousClock.now >= deadline {
            let why = lastError.map { " (last error: \($0))" } ?? ""
            throw HarnessError("timed out after \(timeout) waiting for \(what())\(why)\n\(context())")
        }
        try await Task.sleep(for: interval)
    }
}
