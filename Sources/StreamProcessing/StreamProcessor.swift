import EventPatterns
import Foundation
import KafkaIO
import Logging
import Rules

/// `rulebridge run`: consume the input topics in a group, run every record
/// through the engine of its partition, and produce actions, notifications,
/// dead letters and state changes — with the consumed offsets in one Kafka
/// transaction (exactly-once), or committing offsets after delivery
/// (at-least-once).
///
/// Everything runs on the one thread that calls `run()`: polling (and so the
/// rebalance handler, which librdkafka calls inside poll), processing and
/// committing. Other threads only set flags (`requestStop`, `requestReload`)
/// and read metrics.
final class Pipeline: @unchecked Sendable {
    // Invariant: everything below but `flags` and `metrics` is touched only by the thread in `run()`.
    private let config: RunConfiguration
    private let logger: Logger
    let metrics: Metrics
    let flags = PipelineFlags()

    private var ruleSet: RuleSet
    private var rulesFingerprint: String
    private var consumer: KafkaConsumer!
    private var producer: KafkaProducer!
    private var engines: [KafkaTopicPartition: PartitionState] = [:]
    private var transactionOpen = false
    private var batchStarted = DispatchTime.now()
    private var pendingOffsets: [KafkaTopicPartition: Int64] = [:]
    private var lastReloadCheck = DispatchTime.now()
    /// Per-batch counts, handed to `metrics` at commit rather than per record.
    private var recordsIn: [String: Int] = [:]
    private var recordsOut: [String: Int] = [:]
    private var processing = Metrics.Histogram(bounds: [0.00005, 0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1])

    final class PartitionState {
        var engine: RuleEngine
        var lastRecord = DispatchTime.now()
        var lastSummary = EngineSummary()
        /// Where reading goes on: restored from the changelog, then after each record.
        var nextOffset: Int64?
        init(engine: RuleEngine) { self.engine = engine }
    }

    init(config: RunConfiguration, ruleSet: RuleSet, logger: Logger, metrics: Metrics) {
        self.config = config
        self.ruleSet = ruleSet
        self.logger = logger
        self.metrics = metrics
        self.rulesFingerprint = Self.fingerprint(config.rules)
        Self.describeMetrics(metrics)
    }

    private var exactlyOnce: Bool { config.guarantee == .exactlyOnce }

    private var kafka: KafkaConfiguration {
        var k = KafkaConfiguration(properties: config.kafka)
        k.properties["bootstrap.servers"] = k.properties["bootstrap.servers"] ?? config.brokers
        k.properties["client.id"] = k.properties["client.id"] ?? "rulebridge-\(config.instanceID)"
        // Small transactional requests otherwise wait out Nagle's algorithm against delayed
        // ACKs (~40 ms per commit on Linux); the file's `kafka:` map may still set it back.
        k.properties["socket.nagle.disable"] = k.properties["socket.nagle.disable"] ?? "true"
        return k
    }

    // MARK: - Lifecycle

    func run() throws {
        producer = try KafkaProducer(
            configuration: KafkaProducerConfiguration(
                kafka: kafka,
                transactionalID: exactlyOnce ? "rulebridge-\(config.group)-\(config.instanceID)" : nil),
            onError: { [logger] e in logger.warning("producer: \(e)") })
        if exactlyOnce { try producer.initTransactions() }
        consumer = try KafkaConsumer(
            configuration: KafkaConsumerConfiguration(kafka: kafka, groupID: config.group, isolationLevel: .readCommitted),
            // Weak: if `run()` throws, the consumer may be destroyed (and revoke) after the pipeline.
            rebalanceHandler: { [weak self] event in self?.rebalance(event) ?? [] },
            onError: { [logger] e in logger.warning("consumer: \(e)") })
        try checkTopics()
        try consumer.subscribe(topics: config.inputTopics)
        logger.info("consuming \(config.inputTopics.joined(separator: ", ")) in group \(config.group) (\(config.guarantee.rawValue))")
        flags.markAlive()

        var iterations = 0
        while true {
            iterations &+= 1
            let message = try consumer.poll(timeout: .milliseconds(50))
            if let message { try handle(message) }
            // Housekeeping (clock, flags, locks) once per 64 records, or whenever input pauses.
            guard message == nil || iterations % 64 == 0 else { continue }
            if flags.stopRequested { break }
            flags.markAlive()
            let now = DispatchTime.now()
            if transactionOpen, now.uptimeNanoseconds - batchStarted.uptimeNanoseconds >= UInt64(config.commitInterval) * 1_000_000 {
                try commitBatch()
            }
            if let idle = config.idleAdvance { try advanceIdlePartitions(idle: idle) }
            if flags.takeReloadRequest() || rulesChanged() { try reload() }
            if !transactionOpen { updateLag() }
        }
        logger.info("stopping: committing in-flight work")
        try commitBatch()
        try consumer.close()
        try producer.flush(timeout: .seconds(30))
        flags.markStopped()
        logger.info("stopped cleanly")
    }

    // MARK: - Records

    private func handle(_ message: KafkaMessage) throws {
        let tp = message.topicPartition
        guard let state = engines[tp] else {
            logger.warning("record for unassigned partition \(tp); skipped")
            return
        }
        try beginIfNeeded()
        let started = DispatchTime.now()
        recordsIn[message.topic, default: 0] += 1
        let outputs = state.engine.process(message.value ?? [])
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        do {
            for record in outputs { try produce(record, from: message) }
        } catch let error as KafkaError where exactlyOnce && error.code == .state {
            // The transaction failed under us (after an abortable error librdkafka
            // refuses new records with _STATE): abort and redo the batch.
            try abandonBatch(after: error, while: "producing")
            return
        }
        pendingOffsets[tp] = message.offset + 1
        state.nextOffset = message.offset + 1
        state.lastRecord = started
        processing.observe(seconds)
    }

    private func produce(_ record: OutputRecord, from message: KafkaMessage?) throws {
        let topic: String
        var headers = record.headers.map { KafkaHeader(key: $0.name, string: $0.value) }
        switch record.topic {
        case .actions: topic = config.outputTopic
        case .notifications: topic = config.notificationTopic
        case .deadLetter:
            topic = config.deadLetterTopic
            if let m = message {
                headers += [
                    KafkaHeader(key: "rulebridge-original-topic", string: m.topic),
                    KafkaHeader(key: "rulebridge-original-partition", string: String(m.partition)),
                    KafkaHeader(key: "rulebridge-original-offset", string: String(m.offset)),
                ]
            }
        }
        try producer.produce(topic: topic, key: record.key.map { Array($0.utf8) }, value: record.value, headers: headers)
        recordsOut[topic, default: 0] += 1
    }

    private func beginIfNeeded() throws {
        guard !transactionOpen else { return }
        if exactlyOnce { try producer.beginTransaction() }
        transactionOpen = true
        batchStarted = DispatchTime.now()
    }

    /// Closes the batch: state changes to the changelog, then offsets with the
    /// outputs (one transaction), or after delivery (at-least-once).
    private func commitBatch() throws {
        guard transactionOpen else { return }
        let offsets = pendingOffsets.map { KafkaPartitionOffset($0.key, offset: $0.value) }
        do {
            // At-least-once: the outputs must be delivered before their state and input
            // position reach the (non-transactional) changelog, else a rewind after a failed
            // delivery would restore a position past actions that never arrived.
            if !exactlyOnce { try producer.flush(timeout: .seconds(60)) }
            // Inside the `do`: after an abortable error, producing fails too (_STATE).
            for (tp, state) in engines.sorted(by: { $0.key.description < $1.key.description }) {
                for (key, value) in state.engine.takeStateChanges() {
                    try producer.produce(
                        topic: config.changelogTopic, partition: tp.partition,
                        key: Array(Self.changelogKey(tp.topic, key).utf8), value: value)
                }
            }
            // The input position goes into the changelog too, in the same transaction as the
            // state it belongs to: a restored partition starts exactly where its state ends,
            // even on brokers that do not keep transactional offset commits (the 2.0.2 mock).
            for o in offsets.sorted(by: { $0.description < $1.description }) {
                try producer.produce(
                    topic: config.changelogTopic, partition: o.partition,
                    key: Array(Self.changelogKey(o.topic, Self.offsetEntry).utf8), value: Array(String(o.offset).utf8))
            }
            if exactlyOnce {
                if !offsets.isEmpty { try producer.sendOffsetsToTransaction(offsets, consumer: consumer) }
                try producer.commitTransaction()
            } else {
                try producer.flush(timeout: .seconds(60))
                if !offsets.isEmpty { try consumer.commit(offsets) }
            }
        } catch let error as KafkaError {
            try abandonBatch(after: error, while: "committing")
            return
        }
        metrics.increment("rulebridge_commits_total")
        transactionOpen = false
        pendingOffsets = [:]
        publishCounts()
    }

    /// Counters move once per committed batch: what they count is then durable.
    private func publishCounts() {
        for (topic, n) in recordsIn { metrics.increment("rulebridge_records_in_total", ["topic": topic], by: Double(n)) }
        for (topic, n) in recordsOut { metrics.increment("rulebridge_records_out_total", ["topic": topic], by: Double(n)) }
        clearBatchCounts()
        for (_, state) in engines { recordSummary(state) }
    }

    /// Processing time counts either way; record counts only for committed batches.
    private func clearBatchCounts() {
        recordsIn.removeAll(keepingCapacity: true)
        recordsOut.removeAll(keepingCapacity: true)
        metrics.merge("rulebridge_processing_seconds", processing)
        processing.reset()
    }

    /// Gives up the open batch after `error`: aborts the transaction (exactly-once)
    /// and rewinds; a fatal error (e.g. fenced) is rethrown.
    private func abandonBatch(after error: KafkaError, while doing: String) throws {
        metrics.increment("rulebridge_commit_failures_total")
        logger.error("batch failed while \(doing): \(error); rewinding to the last committed state")
        if exactlyOnce && !error.isFatal { try? producer.abortTransaction() }
        transactionOpen = false
        pendingOffsets = [:]
        clearBatchCounts()
        if error.isFatal { throw error }
        try rewind()
    }

    /// After an aborted batch, engines hold state the changelog does not:
    /// rebuild every partition from the changelog and read again from the
    /// committed offsets.
    private func rewind() throws {
        let partitions = Array(engines.keys)
        let committed = try consumer.committed(partitions)
        var positions: [KafkaPartitionOffset] = []
        for c in committed {
            let (engine, offset) = try restore(c.topicPartition)
            let state = PartitionState(engine: engine)
            state.nextOffset = offset ?? (c.offset >= 0 ? c.offset : nil)
            engines[c.topicPartition] = state
            // The changelog's offset belongs to the restored state; else the group's commit;
            // else the start (auto.offset.reset=earliest), not where the aborted batch stopped.
            positions.append(KafkaPartitionOffset(c.topicPartition, offset: offset ?? (c.offset >= 0 ? c.offset : KafkaOffset.beginning)))
        }
        if !positions.isEmpty { try consumer.seek(positions) }
    }

    // MARK: - Rebalances

    private func rebalance(_ event: KafkaRebalanceEvent) -> [KafkaPartitionOffset] {
        do {
            switch event {
            case .revoked(let partitions):
                try commitBatch()
                for tp in partitions { engines[tp] = nil }
                logger.info("revoked \(partitions.map(\.description).joined(separator: ", "))")
            case .lost(let partitions):
                if transactionOpen, exactlyOnce { try? producer.abortTransaction() }
                transactionOpen = false
                pendingOffsets = [:]
                for tp in partitions { engines[tp] = nil }
                logger.warning("lost \(partitions.map(\.description).joined(separator: ", ")); rewinding the rest")
                try rewind()
            case .assigned(let partitions):
                try commitBatch()
                var starts: [KafkaPartitionOffset] = []
                for tp in partitions {
                    let (engine, offset) = try restore(tp)
                    let state = PartitionState(engine: engine)
                    state.nextOffset = offset
                    engines[tp] = state
                    if let offset { starts.append(KafkaPartitionOffset(tp, offset: offset)) }
                }
                logger.info("assigned \(partitions.map(\.description).joined(separator: ", "))")
                flags.setReady(true)
                metrics.set("rulebridge_assigned_partitions", [:], Double(engines.count))
                return starts
            }
        } catch {
            logger.critical("rebalance failed: \(error)")
            flags.fail("\(error)")
        }
        flags.setReady(true)
        metrics.set("rulebridge_assigned_partitions", [:], Double(engines.count))
        return []
    }

    /// A fresh engine with the state of `tp` read back from the changelog
    /// (its partition of the same number, keys of this input topic).
    private func restore(_ tp: KafkaTopicPartition) throws -> (RuleEngine, offset: Int64?) {
        let engine = try RuleEngine(ruleSet: ruleSet)
        // librdkafka wants a group id even for manual assignment; this one never commits.
        let reader = try KafkaConsumer(configuration: KafkaConsumerConfiguration(
            kafka: kafka, groupID: "\(config.group)-restore-\(config.instanceID)", isolationLevel: .readCommitted,
            reportsEndOfPartition: true))
        defer { try? reader.close() }
        let marks = try reader.watermarks(topic: config.changelogTopic, partition: tp.partition)
        guard marks.high > marks.low else { return (engine, nil) }
        try reader.assign([KafkaPartitionOffset(topic: config.changelogTopic, partition: tp.partition, offset: marks.low)])
        var latest: [String: [UInt8]?] = [:]
        let prefix = tp.topic + "|"
        let deadline = DispatchTime.now().uptimeNanoseconds + 60_000_000_000
        reading: while DispatchTime.now().uptimeNanoseconds < deadline {
            switch try reader.pollEvent(timeout: .milliseconds(200)) {
            case .message(let m)?:
                guard let key = m.key.map({ String(decoding: $0, as: UTF8.self) }), key.hasPrefix(prefix) else { continue }
                latest[String(key.dropFirst(prefix.count))] = .some(m.value)
                if m.offset + 1 >= marks.high { break reading }
            case .endOfPartition?:
                break reading
            case nil:
                continue
            }
        }
        let offset = latest.removeValue(forKey: Self.offsetEntry).flatMap { $0 }.flatMap { Int64(String(decoding: $0, as: UTF8.self)) }
        let skipped = engine.restoreState(latest.map { ($0.key, $0.value) })
        if skipped > 0 { logger.warning("\(tp): \(skipped) changelog records not understood; ignored") }
        logger.info("\(tp): restored \(latest.count) state entries")
        metrics.increment("rulebridge_state_restores_total")
        return (engine, offset)
    }

    /// The changelog entry holding the next input offset of a partition.
    static let offsetEntry = #"["offset"]"#

    static func changelogKey(_ topic: String, _ key: String) -> String { topic + "|" + key }

    // MARK: - Time

    /// With `idle-advance`, a partition without records for that long moves
    /// its event time to the wall clock, so timers (breakers) still fire.
    private func advanceIdlePartitions(idle: Int64) throws {
        let now = DispatchTime.now()
        let wall = Int64(Date().timeIntervalSince1970 * 1000)
        for (_, state) in engines where now.uptimeNanoseconds - state.lastRecord.uptimeNanoseconds >= UInt64(idle) * 1_000_000 {
            try beginIfNeeded()
            for record in state.engine.advance(to: wall) { try produce(record, from: nil) }
            state.lastRecord = now
        }
    }

    // MARK: - Reload

    private func rulesChanged() -> Bool {
        let now = DispatchTime.now()
        guard now.uptimeNanoseconds - lastReloadCheck.uptimeNanoseconds > 2_000_000_000 else { return false }
        lastReloadCheck = now
        return Self.fingerprint(config.rules) != rulesFingerprint
    }

    static func fingerprint(_ directory: String) -> String {
        let files = (try? RuleSet.ruleFiles(in: directory)) ?? []
        return files.map { path in
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            return "\(path):\(modified):\(attributes?[.size] ?? 0)"
        }.joined(separator: "\n")
    }

    /// Validates the rules directory; on success swaps every engine for one
    /// with the new rules and the same state, at a batch boundary.
    private func reload() throws {
        rulesFingerprint = Self.fingerprint(config.rules)
        let next: RuleSet
        do {
            next = try RuleSet.load(directory: config.rules)
            _ = try RuleEngine(ruleSet: next)
        } catch {
            metrics.increment("rulebridge_rule_reloads_total", ["result": "error"])
            logger.error("rules not reloaded, the running rules stay:\n\(error)")
            return
        }
        try commitBatch()
        ruleSet = next
        for (_, state) in engines {
            let engine = try RuleEngine(ruleSet: next)
            engine.restoreState(state.engine.stateSnapshot().map { ($0.key, $0.value) })
            state.engine = engine
            state.lastSummary = EngineSummary()
        }
        metrics.increment("rulebridge_rule_reloads_total", ["result": "ok"])
        logger.info("rules reloaded: \(next.rules.count) rules")
    }

    // MARK: - Checks and metrics

    /// The changelog must have a partition for every input partition, and
    /// stateful rules need related events in one partition.
    private func checkTopics() throws {
        let changelogPartitions = try consumer.partitionCount(topic: config.changelogTopic)
        let stateful = ruleSet.rules.contains { $0.when != nil } || !ruleSet.tables.isEmpty || !ruleSet.breakers.isEmpty
        for topic in config.inputTopics {
            let n = try consumer.partitionCount(topic: topic)
            if changelogPartitions < n {
                throw ConfigError("changelog topic \(config.changelogTopic) has \(changelogPartitions) partitions, input topic \(topic) has \(n): it needs at least as many")
            }
            if n > 1 && stateful {
                logger.warning("""
                    \(topic) has \(n) partitions and the rules keep state (windows, learned tables, breakers), which relate \
                    events only within one partition: key input records by "<account>/<region>" so each fleet's events \
                    share a partition (README: "Partitioning the input")
                    """)
            }
        }
    }

    private func recordSummary(_ state: PartitionState) {
        let now = state.engine.summary
        let before = state.lastSummary
        for (type, n) in now.actionsByType where n != before.actionsByType[type] {
            metrics.increment("rulebridge_actions_total", ["type": type], by: Double(n - (before.actionsByType[type] ?? 0)))
        }
        for (reason, n) in now.deadLetteredByReason where n != before.deadLetteredByReason[reason] {
            metrics.increment("rulebridge_dead_letters_total", ["reason": reason], by: Double(n - (before.deadLetteredByReason[reason] ?? 0)))
        }
        for (rule, n) in now.matchesByRule where n != before.matchesByRule[rule] {
            metrics.increment("rulebridge_rule_matches_total", ["rule": rule], by: Double(n - (before.matchesByRule[rule] ?? 0)))
        }
        state.lastSummary = now
    }

    private func updateLag() {
        metrics.clearGauge("rulebridge_consumer_lag")
        metrics.clearGauge("rulebridge_breaker_state")
        // librdkafka's position is unset until a partition's first record after an
        // assignment or a rewind; the offset we start from or last processed is known.
        let positions = (try? consumer.position(Array(engines.keys))) ?? []
        for (tp, state) in engines {
            guard let marks = consumer.cachedWatermarks(topic: tp.topic, partition: tp.partition), marks.high >= 0 else { continue }
            let position = positions.first { $0.topicPartition == tp && $0.offset >= 0 }?.offset
            guard let next = position ?? state.nextOffset ?? (marks.low >= 0 ? marks.low : nil) else { continue }
            metrics.set("rulebridge_consumer_lag", ["topic": tp.topic, "partition": String(tp.partition)], Double(max(0, marks.high - next)))
        }
        for (_, state) in engines {
            for b in state.engine.breakerStates {
                metrics.set("rulebridge_breaker_state", ["breaker": b.breaker, "key": b.key, "state": b.state], 1)
            }
        }
    }

    static func describeMetrics(_ m: Metrics) {
        m.describe("rulebridge_records_in_total", type: "counter", "Records consumed, by input topic.")
        m.describe("rulebridge_records_out_total", type: "counter", "Records produced, by output topic.")
        m.describe("rulebridge_rule_matches_total", type: "counter", "Events a rule matched, by rule.")
        m.describe("rulebridge_actions_total", type: "counter", "Actions taken, by type.")
        m.describe("rulebridge_dead_letters_total", type: "counter", "Records dead-lettered, by reason.")
        m.describe("rulebridge_consumer_lag", type: "gauge", "Records behind the high watermark, by input partition.")
        m.describe("rulebridge_processing_seconds", type: "histogram", "Time to process one record.")
        m.describe("rulebridge_breaker_state", type: "gauge", "1 for each breaker key's current state.")
        m.describe("rulebridge_rule_reloads_total", type: "counter", "Rule reloads, by result.")
        m.describe("rulebridge_commits_total", type: "counter", "Batches committed.")
        m.describe("rulebridge_commit_failures_total", type: "counter", "Batches aborted and replayed.")
        m.describe("rulebridge_assigned_partitions", type: "gauge", "Input partitions this engine owns.")
        m.describe("rulebridge_state_restores_total", type: "counter", "Partitions restored from the changelog.")
    }
}

/// What other threads may tell or ask the pipeline.
final class PipelineFlags: @unchecked Sendable {
    // Invariant: all fields are guarded by `lock`.
    private let lock = NSLock()
    private var stop = false
    private var reload = false
    private var ready = false
    private var failure: String?
    private var alive = DispatchTime.now()
    private var stopped = false

    var stopRequested: Bool { lock.withLock { stop || failure != nil } }
    func requestStop() { lock.withLock { stop = true } }
    func requestReload() { lock.withLock { reload = true } }
    func takeReloadRequest() -> Bool { lock.withLock { defer { reload = false }; return reload } }
    func setReady(_ r: Bool) { lock.withLock { ready = r } }
    func fail(_ why: String) { lock.withLock { failure = why } }
    func markAlive() { lock.withLock { alive = DispatchTime.now() } }
    func markStopped() { lock.withLock { stopped = true } }
    var failureReason: String? { lock.withLock { failure } }

    /// Alive: the loop came round within the last 30 seconds.
    var isHealthy: Bool {
        lock.withLock { failure == nil && DispatchTime.now().uptimeNanoseconds - alive.uptimeNanoseconds < 30_000_000_000 }
    }

    var isReady: Bool { lock.withLock { ready && failure == nil && !stopped } }
}
