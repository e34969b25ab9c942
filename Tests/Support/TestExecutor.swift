import Dispatch

/// Where in-process engines and servers of the tests run their async work: not
/// Swift's cooperative pool, which has two threads here and which synchronous,
/// CPU-bound tests of other suites can hold for tens of seconds (an HTTP probe
/// then waits for them, not for the server under test). Jobs run on Dispatch
/// threads, which grow when busy. Child tasks inherit the preference
/// (`withTaskExecutorPreference`); unstructured tasks take it explicitly.
package final class TestExecutor: TaskExecutor {
    package static let shared = TestExecutor()

    private let queue = DispatchQueue(label: "rulebridge-test-executor", attributes: .concurrent)

    package func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
