import RulebridgeTestSupport
import Foundation

/// One test's world: a scratch directory and every process the test started.
/// `shutdown()` (call it in a `defer`) kills whatever is still running and removes
/// the directory; it is synchronous so that it runs even when the test throws.
///
/// For investigating a failure: `RULEBRIDGE_IT_KEEP=1` keeps each test's directory
/// (`$TMPDIR/rulebridge-it-<test>-…`, with every process's stdout and stderr), and
/// `RULEBRIDGE_IT_RDKAFKA_DEBUG=consumer,cgrp,eos` (any librdkafka `debug` contexts)
/// puts librdkafka's debug log in the engines' stderr.
final class Harness: @unchecked Sendable {
    // Invariant: `children` is guarded by `lock`.
    let name: String
    let directory: URL
    private let lock = NSLock()
    private var children: [ChildProcess] = []
    private var counter = 0

    static var packageRoot: URL { TestPaths.packageRoot }
    static var rulebridge: URL { TestPaths.rulebridge }
    static var kcat: URL { TestPaths.kcat }

    static func fixture(_ name: String) -> URL { packageRoot.appendingPathComponent("Tests/Fixtures/run/\(name)") }
    static var defaultRules: URL { packageRoot.appendingPathComponent("rules") }

    init(_ name: String) throws {
        self.name = name
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("rulebridge-it-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    /// A name unique within this test (and, with the test's name in it, across tests).
    func unique(_ base: String) -> String {
        lock.withLock {
            counter += 1
            return "\(name)-\(base)-\(counter)"
        }
    }

    func spawn(_ name: String, _ executable: URL, _ arguments: [String], stdin: URL? = nil) throws -> ChildProcess {
        let child = try ChildProcess(name: unique(name), executable: executable, arguments: arguments, directory: directory, stdin: stdin)
        lock.withLock { children.append(child) }
        return child
    }

    /// Runs a short-lived program to completion; throws on a non-zero exit.
    @discardableResult
    func run(_ name: String, _ executable: URL, _ arguments: [String], stdin: URL? = nil, timeout: Duration = .seconds(60)) async throws -> ChildProcess {
        let child = try spawn(name, executable, arguments, stdin: stdin)
        let end: (status: Int32, signaled: Bool)
        do {
            end = try await child.waitForExit(timeout: timeout)
        } catch {
            child.forceStop()
            throw error
        }
        guard end.status == 0, !end.signaled else {
            throw HarnessError("\(executable.lastPathComponent) \(arguments.joined(separator: " ")) exited with \(end.status)\n\(child.tail())")
        }
        return child
    }

    func write(_ lines: [String], to name: String) throws -> URL {
        let url = directory.appendingPathComponent(name)
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// The logs of every process of this test, for a failure message.
    func logs() -> String {
        lock.withLock { children }.filter { !$0.name.contains("kcat") }.map { $0.tail(60) }.joined(separator: "\n")
    }

    func shutdown() {
        for child in lock.withLock({ children }).reversed() { child.forceStop() }
        if ProcessInfo.processInfo.environment["RULEBRIDGE_IT_KEEP"] == nil {
            try? FileManager.default.removeItem(at: directory)
        }
    }
}
