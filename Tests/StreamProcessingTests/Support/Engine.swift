import Foundation
import Logging
import Rules
import RulebridgeTestSupport
import StreamProcessing

/// One engine in the test process: a ``RunService`` running in a task, its log
/// lines kept in memory.
final class Engine: @unchecked Sendable {
    // Invariant: `service`, `task` and `capture` are set once in `init`.
    let instanceID: String
    let service: RunService
    private let capture = LogCapture()
    private let task: Task<Void, any Error>

    init(_ instanceID: String, configuration: RunConfiguration) throws {
        self.instanceID = instanceID
        let capture = capture
        var logger = Logger(label: "rulebridge") { label in LogCapture.Handler(label: label, capture: capture) }
        logger.logLevel = configuration.logLevel
        let service = RunService(configuration: configuration, ruleSet: try RuleSet.load(directory: configuration.rules), logger: logger, trappingSignals: false)
        self.service = service
        task = Task(executorPreference: TestExecutor.shared) {
            defer { capture.stopped = true }
            try await service.run()
        }
    }

    var isRunning: Bool { !capture.stopped }

    var log: [String] { capture.lines }
    var logText: String { log.joined(separator: "\n") }

    func metrics() -> MetricsSnapshot { MetricsSnapshot(service.processor.metrics.exposition()) }

    /// A GET to the engine's HTTP endpoints, over TCP.
    func get(_ path: String) async throws -> HTTPResponse {
        guard let port = await service.http.port() else { throw HarnessError("\(instanceID): the HTTP endpoints do not listen") }
        return try await onDedicatedThread { try HTTPResponse.get(port: port, path: path) }
    }

    /// Waits until the engine is ready and owns `partitions` input partitions.
    func waitUntilAssigned(_ partitions: Int, timeout: Duration = .seconds(60)) async throws {
        _ = try await eventually("\(instanceID) to own \(partitions) partition(s)", timeout: timeout, context: { self.logText }) { () -> Bool? in
            guard service.processor.health.isReady else { return nil }
            return metrics()[RunMetric.assignedPartitions.name] == Double(partitions) ? true : nil
        }
    }

    /// Waits until these input partitions are read to their end and the batch that
    /// read them is committed (the lag gauge is set between batches only, and
    /// records-in moves at commit). `recordsIn` guards against a high watermark older
    /// than the last records produced.
    func waitUntilCaughtUp(input: String, partitions: [Int], recordsIn: Int = 0, timeout: Duration = .seconds(60)) async throws {
        _ = try await eventually("\(instanceID) to catch up on \(input) \(partitions)", timeout: timeout, context: { "\(self.logText)\n--- /metrics:\n\(self.metrics())" }) { () -> Bool? in
            let m = metrics()
            guard (m[#"rulebridge_records_in_total{topic="\#(input)"}"#] ?? 0) >= Double(recordsIn) else { return nil }
            return partitions.allSatisfy { m[#"rulebridge_consumer_lag{partition="\#($0)",topic="\#(input)"}"#] == 0 } ? true : nil
        }
    }

    /// The input partitions named in the log's "assigned …" lines, in order.
    func assignedPartitions(_ input: String) -> [Int] {
        log.filter { $0.contains("rulebridge: assigned ") }.flatMap { line in
            line.components(separatedBy: "\(input)[").dropFirst().compactMap { Int($0.prefix { $0.isNumber }) }
        }
    }

    /// What SIGTERM does: drain, commit, stop. Returns the service's error, if it failed.
    @discardableResult
    func stop() async -> (any Error)? {
        await service.shutDown()
        do {
            try await task.value
            return nil
        } catch {
            return error
        }
    }
}

/// Log lines in memory, as `rulebridge run` would print them in text format.
final class LogCapture: @unchecked Sendable {
    // Invariant: `stored` and `isStopped` are guarded by `lock`.
    private let lock = NSLock()
    private var stored: [String] = []
    private var isStopped = false

    var lines: [String] { lock.withLock { stored } }
    var stopped: Bool {
        get { lock.withLock { isStopped } }
        set { lock.withLock { isStopped = newValue } }
    }

    func append(_ line: String) { lock.withLock { stored.append(line) } }

    struct Handler: LogHandler {
        let label: String
        let capture: LogCapture
        var logLevel: Logger.Level = .info
        var metadata: Logger.Metadata = [:]

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            capture.append("\(event.level) \(label): \(event.message)")
        }
    }
}
