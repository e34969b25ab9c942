import Dispatch
import Foundation
import KafkaIO
import Logging
import Rules
import Synchronization

/// `rulebridge run`'s loop: consume the input topics in a group, run every
/// record through the engine of its partition, and produce actions,
/// notifications, dead letters and state changes — with the consumed offsets
/// in one Kafka transaction (exactly-once), or committing offsets after
/// delivery (at-least-once).
///
/// Everything runs on the one thread that calls ``runOnCurrentThread()``:
/// polling (and so the rebalance handler, which librdkafka calls inside poll),
/// processing and committing. That call blocks in librdkafka, so it gets a
/// thread of its own, never one of Swift's concurrency pool. Other threads only
/// ask (``requestStop()``, ``requestReload()``) and read ``health`` and
/// ``metrics``.
package final class StreamProcessor: @unchecked Sendable {
    // Invariant: every stored `var` is touched only by the thread in `runOnCurrentThread()`;
    // the `let`s are Sendable.
    private let configuration: RunConfiguration
    private let logger: Logger
    package let metrics: RunMetrics
    package let health = Health()
    private let requests = Mutex((stop: false, reload: false))

    private var rules: RuleReloader
    private let changelog: ChangelogTopic
    private var consumer: KafkaConsumer!
    private var producer: KafkaProducer!
    private var sink: OutputSink!
    private var partitions: [KafkaTopicPartition: PartitionEngine] = [:]
    private var batch = Batch()

    /// The records since the last commit (one transaction, with exactly-once).
    private struct Batch {
        var isOpen = false
        var started = DispatchTime.now()
        /// The next offset of each partition read in this batch.
        var offsets: [KafkaTopicPartition: Int64] = [:]
        /// Counted into `metrics` at commit, so the counters say what is durable.
        var recordsIn: [String: Int] = [:]
        var recordsOut: [String: Int] = [:]
    }

    package init(configuration: RunConfiguration, ruleSet: RuleSet, logger: Logger, metrics: RunMetrics = RunMetrics()) {
        self.configuration = configuration
        self.logger = logger
        self.metrics = metrics
        rules = RuleReloader(directory: configuration.rules, ruleSet: ruleSet)
        changelog = ChangelogTopic(
            topic: configuration.changelogTopic, kafka: configuration.kafkaClient,
            readerGroup: "\(configuration.group)-restore-\(configuration.instanceID)")
    }

    /// Finish the batch in hand, commit it and return from ``runOnCurrentThread()``.
    package func requestStop() { requests.withLock { $0.stop = true } }

    /// Load the rules again at the next batch boundary (the running rules stay if the new ones are invalid).
    package func requestReload() { requests.withLock { $0.reload = true } }

    private var stopRequested: Bool { requests.withLock { $0.stop } || health.failureReason != nil }

    private func takeReloadRequest() -> Bool {
        requests.withLock { r in
            defer { r.reload = false }
            return r.reload
        }
    }

    private var exactlyOnce: Bool { configuration.guarantee == .exactlyOnce }

    // MARK: - The loop

    /// Runs until ``requestStop()`` (then commits and returns) or a failure
    /// (thrown, or in ``health``). Blocks the calling thread throughout.
    package func runOnCurrentThread() throws {
        // The clients go with the loop (the consumer first: destroying it may still revoke
        // and commit), not with the processor, which outlives it in tests and benchmarks.
        defer {
            consumer = nil
            sink = nil
            producer = nil
        }
        producer = try KafkaProducer(
            configuration: KafkaProducerConfiguration(
                kafka: configuration.kafkaClient,
                transactionalID: exactlyOnce ? "rulebridge-\(configuration.group)-\(configuration.instanceID)" : nil),
            onError: { [logger] e in logger.warning("producer: \(e)") })
        sink = OutputSink(producer: producer, topics: configuration.outputTopics)
        if exactlyOnce { try producer.initTransactions() }
        consumer = try KafkaConsumer(
            configuration: KafkaConsumerConfiguration(kafka: configuration.kafkaClient, groupID: configuration.group, isolationLevel: .readCommitted),
            // Weak: if this throws, the consumer may be destroyed (and revoke) after the processor.
            rebalanceHandler: { [weak self] event in self?.rebalance(event) ?? [] },
            onError: { [logger] e in logger.warning("consumer: \(e)") })
        try checkTopics()
        try consumer.subscribe(topics: configuration.inputTopics)
        logger.info("consuming \(configuration.inputTopics.joined(separator: ", ")) in group \(configuration.group) (\(configuration.guarantee.rawValue))")
        health.markAlive()

        var iterations = 0
        while true {
            iterations &+= 1
            let message = try consumer.poll(timeout: .milliseconds(50))
            if let message { try handle(message) }
            // Housekeeping (clock, requests, locks) once per 64 records, or whenever input pauses.
            guard message == nil || iterations % 64 == 0 else { continue }
            if stopRequested { break }
            health.markAlive()
            let now = DispatchTime.now()
            if batch.isOpen, now.uptimeNanoseconds - batch.started.uptimeNanoseconds >= UInt64(configuration.commitInterval) * 1_000_000 {
                try commitBatch()
            }
            if let idle = configuration.idleAdvance { try advanceIdlePartitions(idle: idle) }
            if takeReloadRequest() || rules.filesChanged() { try reload() }
            if !batch.isOpen { updateGauges() }
        }
        logger.info("stopping: committing in-flight work")
        try commitBatch()
        try consumer.close()
        try producer.flush(timeout: .seconds(30))
        health.markStopped()
        logger.info("stopped cleanly")
    }

    // MARK: - Records

    private func handle(_ message: KafkaMessage) throws {
        let tp = message.topicPartition
        guard let partition = partitions[tp] else {
            logger.warning("record for unassigned partition \(tp); skipped")
            return
        }
        try beginIfNeeded()
        let started = DispatchTime.now()
        batch.recordsIn[message.topic, default: 0] += 1
        let outputs = partition.engine.process(message.value ?? [])
        metrics.recordProcessing(seconds: Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9)
        do {
            for record in outputs { try produce(record, from: message) }
        } catch let error as KafkaError where exactlyOnce && error.code == .state {
            // The transaction failed under us (after an abortable error librdkafka
            // refuses new records with _STATE): abort and redo the batch.
            try abandonBatch(after: error, while: "producing")
            return
        }
        batch.offsets[tp] = message.offset + 1
        partition.nextOffset = message.offset + 1
        partition.lastRecord = started
    }

    private func produce(_ record: OutputRecord, from message: KafkaMessage?) throws {
        let topic = try sink.produce(record, origin: message)
        batch.recordsOut[topic, default: 0] += 1
    }

    private func beginIfNeeded() throws {
        guard !batch.isOpen else { return }
        if exactlyOnce { try producer.beginTransaction() }
        batch.isOpen = true
        batch.started = DispatchTime.now()
    }

    // MARK: - Commit

    /// Closes the batch: state changes to the changelog, then offsets with the
    /// outputs (one transaction), or after delivery (at-least-once).
    private func commitBatch() throws {
        guard batch.isOpen else { return }
        let offsets = batch.offsets.map { KafkaPartitionOffset($0.key, offset: $0.value) }
        do {
            // At-least-once: the outputs must be delivered before their state and input
            // position reach the (non-transactional) changelog, else a rewind after a failed
            // delivery would restore a position past actions that never arrived.
            if !exactlyOnce { try producer.flush(timeout: .seconds(60)) }
            // Inside the `do`: after an abortable error, producing fails too (_STATE).
            // The input positions go to the changelog in the same transaction as the state they
            // belong to, also for brokers that do not keep transactional offset commits (the
            // 2.0.2 mock).
            try changelog.write(
                changes: partitions.map { ($0.key, $0.value.engine.takeStateChanges()) }, offsets: offsets, to: producer)
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
        metrics.committed(recordsIn: batch.recordsIn, recordsOut: batch.recordsOut)
        batch = Batch()
        for partition in partitions.values { countSummary(partition) }
    }

    /// Gives up the open batch after `error`: aborts the transaction (exactly-once)
    /// and rewinds; a fatal error (e.g. fenced) is rethrown.
    private func abandonBatch(after error: KafkaError, while doing: String) throws {
        metrics.commitFailed()
        logger.error("batch failed while \(doing): \(error); rewinding to the last committed state")
        if exactlyOnce && !error.isFatal { try? producer.abortTransaction() }
        batch = Batch()
        if error.isFatal { throw error }
        try rewind()
    }

    /// After an aborted batch, engines hold state the changelog does not:
    /// rebuild every partition from the changelog and read again from the
    /// committed offsets.
    private func rewind() throws {
        var positions: [KafkaPartitionOffset] = []
        for c in try consumer.committed(Array(partitions.keys)) {
            let restored = try restore(c.topicPartition)
            // The changelog's offset belongs to the restored state; else the group's commit;
            // else the start (auto.offset.reset=earliest), not where the aborted batch stopped.
            let committed = c.offset >= 0 ? c.offset : nil
            restored.nextOffset = restored.nextOffset ?? committed
            partitions[c.topicPartition] = restored
            positions.append(KafkaPartitionOffset(c.topicPartition, offset: restored.nextOffset ?? KafkaOffset.beginning))
        }
        if !positions.isEmpty { try consumer.seek(positions) }
    }

    // MARK: - Rebalances

    private func rebalance(_ event: KafkaRebalanceEvent) -> [KafkaPartitionOffset] {
        var starts: [KafkaPartitionOffset] = []
        do {
            switch event {
            case .revoked(let revoked):
                try commitBatch()
                for tp in revoked { partitions[tp] = nil }
                logger.info("revoked \(revoked.map(\.description).joined(separator: ", "))")
            case .lost(let lost):
                if batch.isOpen, exactlyOnce { try? producer.abortTransaction() }
                batch = Batch()
                for tp in lost { partitions[tp] = nil }
                logger.warning("lost \(lost.map(\.description).joined(separator: ", ")); rewinding the rest")
                try rewind()
            case .assigned(let assigned):
                try commitBatch()
                for tp in assigned {
                    let restored = try restore(tp)
                    partitions[tp] = restored
                    if let offset = restored.nextOffset { starts.append(KafkaPartitionOffset(tp, offset: offset)) }
                }
                logger.info("assigned \(assigned.map(\.description).joined(separator: ", "))")
            }
        } catch {
            logger.critical("rebalance failed: \(error)")
            health.fail("\(error)")
            starts = []
        }
        health.markReady()
        metrics.assignedPartitions(partitions.count)
        return starts
    }

    /// A fresh engine with the state of `tp` read back from the changelog,
    /// positioned where that state ends.
    private func restore(_ tp: KafkaTopicPartition) throws -> PartitionEngine {
        let engine = try RuleEngine(ruleSet: rules.ruleSet)
        let (entries, offset) = try changelog.read(tp)
        let skipped = engine.restoreState(entries)
        if skipped > 0 { logger.warning("\(tp): \(skipped) changelog records not understood; ignored") }
        logger.info("\(tp): restored \(entries.count) state entries")
        metrics.stateRestored()
        return PartitionEngine(engine: engine, nextOffset: offset)
    }

    // MARK: - Time

    /// With `idle-advance`, a partition without records for that long moves
    /// its event time to the wall clock, so timers (breakers) still fire.
    private func advanceIdlePartitions(idle: Int64) throws {
        let now = DispatchTime.now()
        let wall = Int64(Date().timeIntervalSince1970 * 1000)
        for partition in partitions.values where now.uptimeNanoseconds - partition.lastRecord.uptimeNanoseconds >= UInt64(idle) * 1_000_000 {
            try beginIfNeeded()
            for record in partition.engine.advance(to: wall) { try produce(record, from: nil) }
            partition.lastRecord = now
        }
    }

    // MARK: - Reload

    /// Swaps every engine for one with the new rules and the same state, at a
    /// batch boundary; invalid rules leave the running ones in place.
    private func reload() throws {
        let next: RuleSet
        do {
            next = try rules.reload()
        } catch {
            metrics.ruleReload(succeeded: false)
            logger.error("rules not reloaded, the running rules stay:\n\(error)")
            return
        }
        try commitBatch()
        for partition in partitions.values { try partition.replaceRules(with: next) }
        metrics.ruleReload(succeeded: true)
        logger.info("rules reloaded: \(next.rules.count) rules")
    }

    // MARK: - Checks and gauges

    /// The changelog must have a partition for every input partition, and
    /// stateful rules need related events in one partition.
    private func checkTopics() throws {
        let changelogPartitions = try consumer.partitionCount(topic: configuration.changelogTopic)
        let ruleSet = rules.ruleSet
        let stateful = ruleSet.rules.contains { $0.when != nil } || !ruleSet.tables.isEmpty || !ruleSet.breakers.isEmpty
        for topic in configuration.inputTopics {
            let n = try consumer.partitionCount(topic: topic)
            if changelogPartitions < n {
                throw ConfigError("changelog topic \(configuration.changelogTopic) has \(changelogPartitions) partitions, input topic \(topic) has \(n): it needs at least as many")
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

    private func countSummary(_ partition: PartitionEngine) {
        let now = partition.engine.summary
        metrics.count(now, since: partition.lastSummary)
        partition.lastSummary = now
    }

    /// Lag and breaker states, between batches.
    private func updateGauges() {
        // librdkafka's position is unset until a partition's first record after an
        // assignment or a rewind; the offset we start from or last processed is known.
        let positions = (try? consumer.position(Array(partitions.keys))) ?? []
        var lags: [(topic: String, partition: Int32, records: Int64)] = []
        for (tp, partition) in partitions {
            guard let marks = consumer.cachedWatermarks(topic: tp.topic, partition: tp.partition), marks.high >= 0 else { continue }
            let position = positions.first { $0.topicPartition == tp && $0.offset >= 0 }?.offset
            guard let next = position ?? partition.nextOffset ?? (marks.low >= 0 ? marks.low : nil) else { continue }
            lags.append((tp.topic, tp.partition, max(0, marks.high - next)))
        }
        metrics.setLag(lags)
        metrics.setBreakerStates(partitions.values.flatMap(\.engine.breakerStates))
    }
}
