import Foundation
import RulebridgeTestSupport
import StreamProcessing
#if canImport(Glibc)
import Glibc
#endif

/// `rulebridge run` as a child process, with its HTTP endpoint.
///
/// Every engine reads `Tests/Fixtures/run/engine.yaml` (a short session timeout, so
/// that the mock cluster's rebalances take seconds rather than the default 44) and
/// gets everything else as flags, as a user would.
final class EngineProcess: @unchecked Sendable {
    let child: ChildProcess
    let instanceID: String
    let group: String
    private let lock = NSLock()
    private var port: Int?

    enum Guarantee: String, Sendable, CustomStringConvertible {
        case exactlyOnce = "exactly-once"
        case atLeastOnce = "at-least-once"
        var description: String { rawValue }
    }

    static func start(
        _ h: Harness, broker: String, topics: Topics, group: String, instanceID: String,
        guarantee: Guarantee = .exactlyOnce, rules: URL = Harness.defaultRules, extra: [String] = []
    ) throws -> EngineProcess {
        var config = Harness.fixture("engine.yaml")
        if let debug = ProcessInfo.processInfo.environment["RULEBRIDGE_IT_RDKAFKA_DEBUG"] {
            // For investigating a failure: librdkafka's debug contexts in the engine's log.
            config = h.directory.appendingPathComponent(h.unique("engine") + ".yaml")
            try (try String(contentsOf: Harness.fixture("engine.yaml"), encoding: .utf8) + "  debug: \"\(debug)\"\n")
                .write(to: config, atomically: true, encoding: .utf8)
        }
        let arguments = [
            "run", "--config", config.path,
            "--brokers", broker, "--rules", rules.path, "--instance-id", instanceID,
            "--http", "127.0.0.1:0", "--group", group, "--guarantee", guarantee.rawValue,
            "--input-topic", topics.input, "--output-topic", topics.actions,
            "--notification-topic", topics.notifications, "--dead-letter-topic", topics.deadLetter,
            "--changelog-topic", topics.changelog,
        ] + extra
        let child = try h.spawn("engine-\(instanceID)", Harness.rulebridge, arguments)
        return EngineProcess(child: child, instanceID: instanceID, group: group)
    }

    private init(child: ChildProcess, instanceID: String, group: String) {
        self.child = child
        self.instanceID = instanceID
        self.group = group
    }

    var log: String { child.stderr + child.stdout }

    /// The port from the log line "http on 127.0.0.1:PORT".
    func httpPort() async throws -> Int {
        if let port = lock.withLock({ port }) { return port }
        let found = try await eventually("\(instanceID)'s 'http on' log line", timeout: .seconds(30), every: .milliseconds(20), context: { self.child.tail() }) { () -> Int? in
            if !child.isRunning { throw FatalHarnessError("engine \(instanceID) exited\n\(child.tail())") }
            guard let range = log.range(of: "http on 127.0.0.1:") else { return nil }
            return Int(log[range.upperBound...].prefix { $0.isNumber })
        }
        lock.withLock { port = found }
        return found
    }

    func get(_ path: String) async throws -> HTTPResponse {
        try HTTPResponse.get(port: try await httpPort(), path: path)
    }

    func metrics() async throws -> MetricsSnapshot {
        let r = try await get("/metrics")
        guard r.status == 200 else { throw HarnessError("/metrics answered \(r.status)") }
        return MetricsSnapshot(r.body)
    }

    /// Waits until the engine owns `partitions` input partitions (its readiness and
    /// `rulebridge_assigned_partitions` say so).
    func waitUntilAssigned(_ partitions: Int, timeout: Duration = .seconds(60)) async throws {
        _ = try await eventually("\(instanceID) to own \(partitions) partition(s)", timeout: timeout, context: { self.child.tail() }) { () -> Bool? in
            if !child.isRunning { throw FatalHarnessError("engine \(instanceID) exited\n\(child.tail())") }
            guard try await get("/readyz").status == 200 else { return nil }
            return try await metrics()["rulebridge_assigned_partitions"] == Double(partitions) ? true : nil
        }
    }

    /// Waits until these input partitions have been read to their end and the batch
    /// that read them is committed: the lag gauge is set only between batches, and
    /// `rulebridge_records_in_total` moves only when a batch commits. The lag uses the
    /// high watermark of the latest fetch, which may predate records produced a moment
    /// ago: `recordsIn` (records counted in) guards against that.
    func waitUntilCaughtUp(input: String, partitions: [Int], recordsIn: Int = 0, timeout: Duration = .seconds(60)) async throws {
        let last = Locked<String>("")
        _ = try await eventually("\(instanceID) to catch up on \(input) \(partitions)", timeout: timeout, context: { "\(self.child.tail())\n--- last /metrics:\n\(last.value)" }) { () -> Bool? in
            if !child.isRunning { throw FatalHarnessError("engine \(instanceID) exited\n\(child.tail())") }
            let m = try await metrics()
            last.value = m.text
            guard (m[#"rulebridge_records_in_total{topic="\#(input)"}"#] ?? 0) >= Double(recordsIn) else { return nil }
            return partitions.allSatisfy { m[#"rulebridge_consumer_lag{partition="\#($0)",topic="\#(input)"}"#] == 0 } ? true : nil
        }
    }

    /// The input partitions named in the log's "assigned …" lines, in order.
    func assignedPartitions(_ input: String) -> [Int] {
        log.split(separator: "\n").filter { $0.contains("rulebridge: assigned ") }.flatMap { line in
            line.components(separatedBy: "\(input)[").dropFirst().compactMap { Int($0.prefix { $0.isNumber }) }
        }
    }

    func terminate() { child.signal(SIGTERM) }
    func kill9() { child.signal(SIGKILL) }
}

/// A value shared between a polling closure and its failure message.
final class Locked<Value>: @unchecked Sendable {
    // Invariant: `stored` is read and written only under `lock`.
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
