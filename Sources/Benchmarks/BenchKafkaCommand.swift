import ArgumentParser
import Foundation
import KafkaIO
import Logging
import Rules
import StreamProcessing

/// End-to-end throughput and latency of `run` against the embedded broker:
/// records in the input topic → engine → actions committed.
struct BenchKafkaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kafka",
        abstract: "Events per second end to end through `run`, per guarantee, and latency at a fixed rate.",
        discussion: """
            Throughput: preloads the input topic with a generated fleet stream, starts the pipeline in this \
            process, and times from the group join to the commit of the last input offset. Latency: feeds \
            events at a fixed rate with probe events among them and measures produce → committed action.
            """
    )

    @Option(help: "Events preloaded for each throughput run.")
    var events = 200_000

    @Option(help: "Input partitions (the mock broker keeps ~5 MB per partition).")
    var partitions = 8

    @Option(help: "Events per second during the latency run.")
    var rate = 5_000

    @Option(help: "Seconds of the latency run.")
    var seconds = 10

    @Option(help: "Directory of rule files.")
    var rules = "rules"

    func validate() throws {
        guard seconds >= 2 else { throw ValidationError("--seconds must be at least 2 (the first second is not measured)") }
    }

    func run() throws {
        #if DEBUG
        printError("warning: this is a debug build; figures mean little (use swift build -c release)")
        #endif
        LoggingSystem.bootstrap { label in
            var h = LogLineHandler(label: label, format: .text)
            h.logLevel = .warning
            return h
        }
        let files = try RuleSet.ruleFiles(in: rules).map { (path: $0, text: try String(contentsOfFile: $0, encoding: .utf8)) }
        let probe = """
            rules:
              - name: bench-probe
                pattern: { source: [bench.probe] }
                actions: [{ type: requeue, job-id: <$.id> }]
            """
        let ruleSet = try RuleSet.parse(files: files + [(path: "bench-probe.yaml", text: probe)])
        print("throughput: \(events) events preloaded over \(partitions) partitions, \(ruleSet.rules.count) rules, commit interval 100ms")
        for guarantee in [RunConfiguration.Guarantee.exactlyOnce, .atLeastOnce] {
            let rate = try throughput(guarantee, ruleSet)
            print("  \(guarantee.rawValue.padding(toLength: 14, withPad: " ", startingAt: 0)) events/s: \(Int(rate))")
        }
        print("latency produce → action (exactly-once, commit interval 10ms, \(rate) events/s for \(seconds)s, first second not measured):")
        // The 2.0.2 mock broker neither isolates aborted records nor tracks the last stable
        // offset promptly, so read_committed there measures the mock; both are shown.
        for isolation in [KafkaConsumerConfiguration.IsolationLevel.readUncommitted, .readCommitted] {
            let (p50, p99, n) = try latency(ruleSet, isolation: isolation)
            print("  reader \(isolation.rawValue.padding(toLength: 16, withPad: " ", startingAt: 0)) p50 \(String(format: "%.1f", p50)) ms, p99 \(String(format: "%.1f", p99)) ms over \(n) probes")
        }
    }

    private struct Session: @unchecked Sendable {  // Thread is thread-safe for isFinished; the rest is Sendable
        let broker: EmbeddedBroker
        let config: RunConfiguration
        let processor: StreamProcessor
        let thread: Thread

        func stop() {
            processor.requestStop()
            while !thread.isFinished { usleep(10_000) }
            broker.stop()
        }
    }

    private func start(_ guarantee: RunConfiguration.Guarantee, _ ruleSet: RuleSet, commitInterval: Int64, preload: (KafkaProducer, RunConfiguration) throws -> Void) throws -> Session {
        let broker = try EmbeddedBroker()
        var c = RunConfiguration()
        c.brokers = broker.bootstrapServers
        c.guarantee = guarantee
        c.commitInterval = commitInterval
        c.group = "bench-\(guarantee.rawValue)"
        c.instanceID = "bench"
        c.kafka["log_level"] = "3"  // the broker stops under the clients at the end; that is expected
        // The 2.0.2 mock broker answers an empty fetch only when fetch.wait.max.ms is up, so
        // a waiting consumer sleeps that long after new records arrive; a real broker wakes it.
        c.kafka["fetch.wait.max.ms"] = "5"
        c.kafka["linger.ms"] = "1"
        for t in c.inputTopics + [c.outputTopic, c.notificationTopic, c.deadLetterTopic, c.changelogTopic] {
            try broker.createTopic(t, partitions: partitions)
        }
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(kafka: KafkaConfiguration(bootstrapServers: broker.bootstrapServers)))
        try preload(producer, c)
        try producer.flush(timeout: .seconds(120))
        let processor = StreamProcessor(configuration: c, ruleSet: ruleSet, logger: Logger(label: "bench"))
        let thread = Thread {
            do { try processor.runOnCurrentThread() } catch { processor.health.fail("\(error)") }
        }
        thread.stackSize = 8 << 20
        thread.start()
        return Session(broker: broker, config: c, processor: processor, thread: thread)
    }

    private func waitReady(_ s: Session) throws {
        let deadline = Date().addingTimeInterval(60)
        while !s.processor.health.isReady {
            if let f = s.processor.health.failureReason { throw BenchInputError("pipeline failed: \(f)") }
            guard Date() < deadline else { throw BenchInputError("the pipeline did not join its group in 60 s") }
            usleep(5_000)
        }
    }

    private func throughput(_ guarantee: RunConfiguration.Guarantee, _ ruleSet: RuleSet) throws -> Double {
        let session = try start(guarantee, ruleSet, commitInterval: 100) { producer, c in
            var generator = FleetStreamGenerator(seed: 5)
            for i in 0..<events {
                try producer.produce(topic: c.inputTopics[0], partition: Int32(i % partitions), value: Array(generator.next().utf8))
            }
        }
        defer { session.stop() }
        try waitReady(session)
        let started = Date()
        let deadline = started.addingTimeInterval(300)
        let recordsIn = #"\#(RunMetric.recordsIn.name){topic="\#(session.config.inputTopics[0])"}"#
        while (MetricsSnapshot(session.processor.metrics.exposition())[recordsIn] ?? 0) < Double(events) {
            if let f = session.processor.health.failureReason { throw BenchInputError("pipeline failed: \(f)") }
            guard Date() < deadline else { throw BenchInputError("not all events processed in 300 s") }
            usleep(5_000)
        }
        // The counter moves when a batch commits, so this is the time to the last commit.
        return Double(events) / Date().timeIntervalSince(started)
    }

    private func latency(_ ruleSet: RuleSet, isolation: KafkaConsumerConfiguration.IsolationLevel) throws -> (p50: Double, p99: Double, count: Int) {
        let session = try start(.exactlyOnce, ruleSet, commitInterval: 10) { _, _ in }
        defer { session.stop() }
        try waitReady(session)
        let reader = try KafkaConsumer(configuration: KafkaConsumerConfiguration(
            kafka: KafkaConfiguration(bootstrapServers: session.broker.bootstrapServers, properties: ["fetch.wait.max.ms": "5"]),
            groupID: "bench-reader", isolationLevel: isolation))
        defer { try? reader.close() }
        try reader.assign((0..<partitions).map { KafkaPartitionOffset(topic: session.config.outputTopic, partition: Int32($0), offset: 0) })
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(kafka: KafkaConfiguration(bootstrapServers: session.broker.bootstrapServers, properties: ["linger.ms": "1"])))
        let sent = SentTimes()
        let input = session.config.inputTopics[0]
        let feeder = Thread { [rate, seconds, partitions] in
            var generator = FleetStreamGenerator(seed: 9)
            let total = rate * seconds
            let start = DispatchTime.now().uptimeNanoseconds
            for i in 0..<total {
                let due = start + UInt64(i) * 1_000_000_000 / UInt64(rate)
                while DispatchTime.now().uptimeNanoseconds < due { usleep(50) }
                var line = generator.next()
                // Probes from the second second on: the first transactions of a new producer
                // (partition registration) are slow and would measure set-up, not flow.
                if i % 50 == 0 && i >= rate {
                    let id = "probe-\(i)"
                    line = #"{"version":"0","id":"\#(id)","detail-type":"Probe","source":"bench.probe","account":"1","time":"2026-03-01T00:00:00Z","region":"us-east-1","resources":[],"detail":{}}"#
                    sent.set(id, DispatchTime.now().uptimeNanoseconds)
                }
                try? producer.produce(topic: input, partition: Int32(i % partitions), value: Array(line.utf8))
                producer.poll()
            }
            try? producer.flush()
        }
        feeder.start()
        var latencies: [Double] = []
        let expected = (rate * (seconds - 1) + 49) / 50
        let deadline = Date().addingTimeInterval(Double(seconds) + 30)
        while latencies.count < expected && Date() < deadline {
            guard let m = try reader.poll(timeout: .milliseconds(100)), let key = m.key.map({ String(decoding: $0, as: UTF8.self) }),
                  key.hasPrefix("probe-"), let t = sent.get(key) else { continue }
            latencies.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
        }
        while !feeder.isFinished { usleep(10_000) }
        latencies.sort()
        guard !latencies.isEmpty else { throw BenchInputError("no probe came back") }
        return (latencies[latencies.count / 2], latencies[min(latencies.count - 1, latencies.count * 99 / 100)], latencies.count)
    }
}

/// Probe send times, written by the feeder thread and read by the reader.
private final class SentTimes: @unchecked Sendable {
    // Invariant: `times` only under `lock`.
    private let lock = NSLock()
    private var times: [String: UInt64] = [:]
    func set(_ id: String, _ t: UInt64) { lock.withLock { times[id] = t } }
    func get(_ id: String) -> UInt64? { lock.withLock { times[id] } }
}
