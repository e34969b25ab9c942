import Foundation
import KafkaIO
import Logging
import Rules
import RulebridgeTestSupport
import StreamProcessing

/// One test's Kafka world, all in this process: the embedded broker (over TCP on
/// loopback, as any client sees it), its topics, and engines — each a
/// ``RunService`` (the stream processor and its HTTP endpoints on a free port)
/// as `rulebridge run` starts it, minus the signal handling. Input is produced and
/// output read back with KafkaIO clients.
///
/// Use it through ``withWorld(_:partitions:brokers:_:)``, which stops every engine
/// and the broker whatever the test does, and runs it all on the ``TestExecutor``.
final class World: @unchecked Sendable {
    // Invariant: `engines` and `counter` are guarded by `lock`.
    let name: String
    let broker: EmbeddedBroker
    let topics: Topics
    private let lock = NSLock()
    private var engines: [Engine] = []
    private var counter = 0

    static var defaultRules: URL { TestPaths.packageRoot.appendingPathComponent("rules") }
    static func fixture(_ name: String) -> URL { TestPaths.packageRoot.appendingPathComponent("Tests/Fixtures/run/\(name)") }

    fileprivate init(_ name: String, partitions: Int, brokers: Int) throws {
        self.name = name
        broker = try EmbeddedBroker(brokers: brokers)
        topics = Topics(tag: "\(name)-\(UInt32.random(in: 0...UInt32.max))")
        for topic in topics.all { try broker.createTopic(topic, partitions: partitions) }
    }

    /// A name unique within this world.
    func unique(_ base: String) -> String {
        lock.withLock {
            counter += 1
            return "\(name)-\(base)-\(counter)"
        }
    }

    /// Starts an engine with the settings every test engine shares (Tests/Fixtures/run/engine.yaml:
    /// a short session timeout, so the mock cluster's rebalances take seconds) and this world's topics.
    func startEngine(
        _ instanceID: String, group: String, guarantee: RunConfiguration.Guarantee = .exactlyOnce, rules: URL = World.defaultRules,
        configure: (inout RunConfiguration) -> Void = { _ in }
    ) throws -> Engine {
        var c = try RunConfiguration.load(World.fixture("engine.yaml").path)
        c.brokers = broker.bootstrapServers
        c.rules = rules.path
        c.instanceID = instanceID
        c.group = group
        c.guarantee = guarantee
        c.inputTopics = [topics.input]
        c.outputTopic = topics.actions
        c.notificationTopic = topics.notifications
        c.deadLetterTopic = topics.deadLetter
        c.changelogTopic = topics.changelog
        c.httpListen = ListenAddress("127.0.0.1:0")!
        configure(&c)
        let engine = try Engine(instanceID, configuration: c)
        lock.withLock { engines.append(engine) }
        return engine
    }

    /// Produces each line as one record to the input topic's `partition`.
    func produce(_ lines: [String], partition: Int) async throws {
        let (bootstrap, topic) = (broker.bootstrapServers, topics.input)
        try await onDedicatedThread {
            let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(
                kafka: KafkaConfiguration(bootstrapServers: bootstrap, properties: ["enable.idempotence": "true"])))
            for line in lines { try producer.produce(topic: topic, partition: Int32(partition), value: Array(line.utf8)) }
            try producer.flush(timeout: .seconds(30))
        }
    }

    /// Every record of the output topics (read_committed), each topic in partition and offset order.
    func outputs() async throws -> [Record] {
        let (bootstrap, outputs) = (broker.bootstrapServers, topics.outputs)
        return try await onDedicatedThread {
            try outputs.flatMap { logical, topic in
                try Self.read(topic, bootstrap: bootstrap).map { m in
                    Record(
                        topic: logical, key: m.key.map { String(decoding: $0, as: UTF8.self) },
                        headers: Dictionary(m.headers.map { ($0.key, String(decoding: $0.value ?? [], as: UTF8.self)) }) { _, last in last },
                        value: String(decoding: m.value ?? [], as: UTF8.self), partition: Int(m.partition), offset: m.offset)
                }
            }
        }
    }

    /// Every committed record of `topic`, read to the end of each partition.
    private static func read(_ topic: String, bootstrap: String) throws -> [KafkaMessage] {
        let reader = try KafkaConsumer(configuration: KafkaConsumerConfiguration(
            kafka: KafkaConfiguration(bootstrapServers: bootstrap), isolationLevel: .readCommitted, reportsEndOfPartition: true))
        defer { try? reader.close() }
        let partitions = try reader.partitionCount(topic: topic)
        try reader.assign((0..<partitions).map { KafkaPartitionOffset(topic: topic, partition: Int32($0), offset: KafkaOffset.beginning) })
        var messages: [KafkaMessage] = []
        var ended = 0
        let deadline = ContinuousClock.now + .seconds(20)
        while ended < partitions {
            guard ContinuousClock.now < deadline else { throw HarnessError("reading \(topic): no end of partition in 20 s") }
            switch try reader.pollEvent(timeout: .milliseconds(100)) {
            case .message(let m)?: messages.append(m)
            case .endOfPartition?: ended += 1
            case nil: continue
            }
        }
        return messages.sorted { ($0.partition, $0.offset) < ($1.partition, $1.offset) }
    }

    /// Reads the outputs until `done` holds for them; fails at once if one of the `running` engines stopped.
    func outputs(_ what: String, running: [Engine] = [], timeout: Duration = .seconds(90), until done: @escaping ([Record]) -> Bool) async throws -> [Record] {
        try await eventually(what, timeout: timeout, every: .milliseconds(300), context: { self.logs() }) { () -> [Record]? in
            if let stopped = running.first(where: { !$0.isRunning }) {
                throw FatalHarnessError("engine \(stopped.instanceID) stopped while waiting for \(what)\n\(self.logs())")
            }
            let records = try await outputs()
            return done(records) ? records : nil
        }
    }

    /// Reads the outputs until every id of `expected` is there, and at least as many dead letters.
    func outputs(containing expected: [Record], running: [Engine] = [], timeout: Duration = .seconds(90)) async throws -> [Record] {
        let ids = Set(expected.compactMap(\.id))
        let deadLetters = expected.on("dead-letter").count
        return try await outputs("\(ids.count) expected ids and \(deadLetters) dead letters", running: running, timeout: timeout) { records in
            ids.isSubset(of: Set(records.compactMap(\.id))) && records.on("dead-letter").count >= deadLetters
        }
    }

    /// Produces one more event after `lines` and waits for its action: the partition is
    /// processed in order, so everything before it has been processed too. Returns the
    /// outputs without that action.
    func settle(_ engine: Engine, after lines: [String], partition: Int = 0) async throws -> [Record] {
        let marker = Streams.event(id: "settle-\(unique("marker"))", time: "2024-05-14T23:59:00Z", instance: "i-settle")
        let markerID = Streams.id(of: marker)
        let expected = try replay(lines + [marker]).filter { $0.headers["rulebridge-trigger"] == markerID }
        guard expected.count == 1 else { throw HarnessError("the settle event must cause exactly one action, not \(expected.count)") }
        try await produce([marker], partition: partition)
        return try await outputs(containing: expected, running: [engine]).filter { $0.headers["rulebridge-trigger"] != markerID }
    }

    /// The logs of every engine, for a failure message.
    func logs() -> String {
        lock.withLock { engines }.map { "--- engine \($0.instanceID):\n\($0.log.suffix(60).joined(separator: "\n"))" }.joined(separator: "\n")
    }

    fileprivate func shutdown() async {
        for engine in lock.withLock({ engines }).reversed() { await engine.stop() }
        broker.stop()
    }
}

/// Runs `body` in a fresh ``World`` and stops its engines and broker afterwards, also when `body` throws.
func withWorld<T: Sendable>(_ name: String, partitions: Int = 1, brokers: Int = 1, _ body: (World) async throws -> T) async throws -> T {
    try await withTaskExecutorPreference(TestExecutor.shared) {
        let world = try World(name, partitions: partitions, brokers: brokers)
        do {
            let result = try await body(world)
            await world.shutdown()
            return result
        } catch {
            await world.shutdown()
            throw error
        }
    }
}

/// The records `replay` gives for `lines`: what `run` must produce.
func replay(_ lines: [String], rules: URL = World.defaultRules) throws -> [Record] {
    let engine = try RuleEngine(ruleSet: try RuleSet.load(directory: rules.path))
    return lines.flatMap { engine.process(Array($0.utf8)) }.map { r in
        Record(
            topic: r.topic.rawValue, key: r.key, headers: Dictionary(r.headers.map { ($0.name, $0.value) }) { _, last in last },
            value: String(decoding: r.value, as: UTF8.self))
    }
}
