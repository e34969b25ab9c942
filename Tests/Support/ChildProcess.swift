import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A failure of the harness itself (a process that did not start, a condition that
/// did not come in time), with what the test needs to see to understand it.
package struct HarnessError: Error, CustomStringConvertible {
    package var description: String
    package init(_ description: String) { self.description = description }
}

/// A program a test started (`rulebridge`, `kcat`): the one way the suites run
/// programs.
///
/// Output goes to files in the given directory, never to pipes: no pipe can
/// fill up and stall the child (or the reader waiting on its other pipe), and
/// the logs stay readable while it runs. Every child is registered in
/// ``ChildRegistry`` until it has exited, and is started under `setpriv
/// --pdeathsig KILL` from a thread that lives as long as the test process: if
/// the test process dies, so do its children. Nothing here blocks a Swift
/// concurrency thread for longer than a spawn.
package final class ChildProcess: @unchecked Sendable {
    // Invariant: `process` is set once in `init`; Foundation's `Process` is safe to
    // query from any thread once running.
    package let name: String
    package let stdoutURL: URL
    package let stderrURL: URL
    private let process: Process

    package var pid: Int32 { process.processIdentifier }
    package var isRunning: Bool { process.isRunning }

    /// Starts `executable` with `arguments` in `directory`, its output in files
    /// there, reading `stdin` (a file) or nothing.
    package init(name: String, executable: URL, arguments: [String], directory: URL, workingDirectory: URL? = nil, stdin: URL? = nil) throws {
        self.name = name
        stdoutURL = directory.appendingPathComponent("\(name).stdout")
        stderrURL = directory.appendingPathComponent("\(name).stderr")
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        let p = Process()
        if let setpriv = Self.setpriv {
            p.executableURL = setpriv
            p.arguments = ["--pdeathsig", "KILL", "--", executable.path] + arguments
        } else {
            p.executableURL = executable
            p.arguments = arguments
        }
        p.currentDirectoryURL = workingDirectory ?? directory
        let out = try FileHandle(forWritingTo: stdoutURL)
        let err = try FileHandle(forWritingTo: stderrURL)
        defer {
            try? out.close()
            try? err.close()
        }
        p.standardOutput = out
        p.standardError = err
        p.standardInput = try stdin.map { try FileHandle(forReadingFrom: $0) } ?? FileHandle.nullDevice
        process = p
        try Spawner.shared.run { try p.run() }
        ChildRegistry.shared.add(p.processIdentifier, name)
    }

    /// `setpriv` execs the program in place (same pid), so signals reach the program.
    private static let setpriv: URL? = {
        let url = URL(fileURLWithPath: "/usr/bin/setpriv")
        return FileManager.default.isExecutableFile(atPath: url.path) ? url : nil
    }()

    package var stdout: String { (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? "" }
    package var stderr: String { (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "" }

    /// The last lines of both outputs, for failure messages.
    package func tail(_ lines: Int = 40) -> String {
        let o = stdout.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
        let e = stderr.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
        return "--- \(name) (pid \(pid)) stdout:\n\(o)\n--- \(name) stderr:\n\(e)"
    }

    package func signal(_ signal: Int32) {
        if process.isRunning { kill(process.processIdentifier, signal) }
    }

    /// The exit status (or the signal that ended it), once it has exited.
    package var termination: (status: Int32, signaled: Bool)? {
        process.isRunning ? nil : (process.terminationStatus, process.terminationReason == .uncaughtSignal)
    }

    /// Waits for the exit; throws if it takes longer than `timeout`.
    @discardableResult
    package func waitForExit(timeout: Duration) async throws -> (status: Int32, signaled: Bool) {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now >= deadline {
                throw HarnessError("\(name) still running after \(timeout)\n\(tail())")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        ChildRegistry.shared.remove(pid)
        return (process.terminationStatus, process.terminationReason == .uncaughtSignal)
    }

    /// The same, blocking the calling thread: for code already on a thread of its own.
    @discardableResult
    package func waitForExitBlocking(timeout: Duration) throws -> (status: Int32, signaled: Bool) {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now >= deadline {
                throw HarnessError("\(name) still running after \(timeout)\n\(tail())")
            }
            usleep(5_000)
        }
        ChildRegistry.shared.remove(pid)
        return (process.terminationStatus, process.terminationReason == .uncaughtSignal)
    }

    /// SIGKILL and reap; for teardown (synchronous, so it can run in a `defer`).
    package func forceStop() {
        guard process.isRunning else {
            ChildRegistry.shared.remove(pid)
            return
        }
        kill(process.processIdentifier, SIGKILL)
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning && Date() < deadline { usleep(5_000) }
        ChildRegistry.shared.remove(pid)
    }
}

/// What a program that ran to its end left: its status and both outputs.
package struct ProgramResult: Sendable {
    package var status: Int32
    package var stdout: String
    package var stderr: String
}

extension ChildProcess {
    /// Runs a program to its end (killed after `timeout`), with `stdin` as its
    /// input, in `workingDirectory` (default: the package root); its output
    /// files live in a scratch directory removed afterwards.
    package static func run(
        _ executable: URL, _ arguments: [String], stdin: String? = nil, workingDirectory: URL = TestPaths.packageRoot,
        timeout: Duration = .seconds(60)
    ) async throws -> ProgramResult {
        let scratch = try ScratchDirectory()
        let child = try ChildProcess(
            name: executable.lastPathComponent, executable: executable, arguments: arguments, directory: scratch.url,
            workingDirectory: workingDirectory, stdin: try stdin.map { try scratch.write($0, to: "stdin") })
        do {
            let end = try await child.waitForExit(timeout: timeout)
            return ProgramResult(status: end.signaled ? 128 + end.status : end.status, stdout: child.stdout, stderr: child.stderr)
        } catch {
            child.forceStop()
            throw error
        }
    }

    /// The same, blocking the calling thread.
    package static func runBlocking(
        _ executable: URL, _ arguments: [String], stdin: String? = nil, workingDirectory: URL = TestPaths.packageRoot,
        timeout: Duration = .seconds(60)
    ) throws -> ProgramResult {
        let scratch = try ScratchDirectory()
        let child = try ChildProcess(
            name: executable.lastPathComponent, executable: executable, arguments: arguments, directory: scratch.url,
            workingDirectory: workingDirectory, stdin: try stdin.map { try scratch.write($0, to: "stdin") })
        do {
            let end = try child.waitForExitBlocking(timeout: timeout)
            return ProgramResult(status: end.signaled ? 128 + end.status : end.status, stdout: child.stdout, stderr: child.stderr)
        } catch {
            child.forceStop()
            throw error
        }
    }
}

/// A directory of its own under the temporary directory, removed with its value.
package final class ScratchDirectory: @unchecked Sendable {
    // Invariant: `url` never changes; the directory is removed once, in deinit.
    package let url: URL

    package init(_ stem: String = "rulebridge-test") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(stem)-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    package func write(_ text: String, to name: String) throws -> URL {
        let file = url.appendingPathComponent(name)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file
    }
}

/// Runs closures on one thread that lives as long as the test process. A child's
/// parent-death signal fires when the *thread* that spawned it ends, so children must
/// not be spawned from pool threads that the system may retire.
final class Spawner: @unchecked Sendable {
    // Invariant: `jobs` is guarded by `condition`.
    static let shared = Spawner()
    private let condition = NSCondition()
    private var jobs: [() -> Void] = []

    private init() {
        let thread = Thread { [unowned self] in self.loop() }
        thread.name = "child-spawner"
        thread.start()
    }

    private func loop() {
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            let job = jobs.removeFirst()
            condition.unlock()
            job()
        }
    }

    func run<T>(_ body: @escaping () throws -> T) throws -> T {
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result: Result<T, Error>!
        condition.lock()
        jobs.append {
            result = Result { try body() }
            done.signal()
        }
        condition.signal()
        condition.unlock()
        done.wait()
        return try result.get()
    }
}

/// Every child still running, killed when the test process exits normally (a test
/// that failed half-way still reaches its `defer`; this catches anything else).
final class ChildRegistry: @unchecked Sendable {
    // Invariant: `live` is guarded by `lock`.
    static let shared: ChildRegistry = {
        let r = ChildRegistry()
        atexit { ChildRegistry.shared.killAll() }
        return r
    }()
    private let lock = NSLock()
    private var live: [Int32: String] = [:]

    func add(_ pid: Int32, _ name: String) { lock.withLock { live[pid] = name } }
    func remove(_ pid: Int32) { _ = lock.withLock { live.removeValue(forKey: pid) } }
    func killAll() {
        for pid in lock.withLock({ Array(live.keys) }) { kill(pid, SIGKILL) }
    }
}
