/// Produces records to Kafka, idempotently by default, optionally in transactions.
///
/// **At-least-once** (no `transactionalID`): produce the records caused by a batch of
/// input, call ``flush(timeout:)``, and commit the input offsets only if it returned
/// without throwing — then every record produced before it was acknowledged by the
/// brokers. A failed delivery is never silent: ``flush(timeout:)`` throws it (once) and
/// ``deliveryStatistics`` counts it.
///
/// **Exactly-once** (with `transactionalID`): call ``initTransactions(timeout:)`` once,
/// then per batch ``beginTransaction()``, produce, ``sendOffsetsToTransaction(_:consumer:timeout:)``
/// with the consumed offsets, and ``commitTransaction(timeout:)``. If a call throws an
/// error with ``KafkaError/transactionRequiresAbort``, call ``abortTransaction(timeout:)``
/// and redo the batch from the last committed offsets; if it is ``KafkaError/isFatal``
/// (for example fenced by a newer instance), recreate the producer.
///
/// Releasing the producer does not wait for deliveries: ``flush(timeout:)`` (or commit
/// the transaction) first, or records still in flight are dropped.
///
/// All methods may be called from any thread; they block the calling thread (do not
/// call them on Swift's cooperative pool for long). Delivery reports are served inside
/// ``produce(topic:partition:key:value:headers:timestamp:)``, ``poll(timeout:)``,
/// ``flush(timeout:)`` and ``commitTransaction(timeout:)``.
package final class KafkaProducer: Sendable {
    let client: RdKafkaClient
    /// The configuration the producer was created with.
    package let configuration: KafkaProducerConfiguration

    /// Creates the producer. Throws a ``KafkaError`` naming the property for an unknown
    /// property or a bad value.
    ///
    /// - Parameter onError: called for client-level error events (a broker unreachable,
    ///   authentication failed, a fatal error); most are transient and librdkafka keeps
    ///   retrying. Runs on whichever thread is serving callbacks.
    package init(configuration: KafkaProducerConfiguration, onError: (@Sendable (KafkaError) -> Void)? = nil) throws {
        self.configuration = configuration
        self.client = try RdKafkaClient.make(
            kind: .producer,
            properties: configuration.librdkafkaProperties,
            context: RdKafkaCallbackContext(errorHandler: onError)
        )
    }

    /// Whether the producer has a `transactional.id`.
    package var isTransactional: Bool { configuration.transactionalID != nil }

    // MARK: Producing

    /// Enqueues a record. Returns once librdkafka has copied it; delivery is reported
    /// later (see ``flush(timeout:)``). Waits while the local queue is full.
    ///
    /// - Parameters:
    ///   - partition: an explicit partition, or `nil` to let the partitioner choose by
    ///     key (murmur2-compatible `consistent_random` by default; the same key always
    ///     goes to the same partition).
    ///   - value: `nil` produces a tombstone (deletes the key in a compacted topic).
    ///   - timestamp: milliseconds since the epoch; `nil` for the current time.
    package func produce(
        topic: String,
        partition: Int32? = nil,
        key: [UInt8]? = nil,
        value: [UInt8]?,
        headers: [KafkaHeader] = [],
        timestamp: Int64? = nil
    ) throws {
        try client.produce(topic: topic, partition: partition ?? -1, key: key, value: value, headers: headers, timestamp: timestamp)
    }

    /// Serves pending delivery reports and error events, waiting up to `timeout` for one.
    package func poll(timeout: Duration = .zero) {
        client.poll(timeoutMs: timeout.kafkaMilliseconds)
    }

    /// Waits until every record produced so far has been acknowledged or has failed.
    ///
    /// Throws ``KafkaErrorCode/timedOut`` if records are still in flight after `timeout`,
    /// or the first delivery failure since the previous `flush` (its message says how
    /// many more failed). Each failure is thrown once.
    package func flush(timeout: Duration = .seconds(30)) throws {
        try client.flush(timeoutMs: timeout.kafkaMilliseconds)
        if let failure = client.context.takeUnreportedFailures() { throw failure }
    }

    /// Delivery counts so far.
    package var deliveryStatistics: KafkaDeliveryStatistics { client.context.deliveryStatistics }

    /// Messages and protocol requests not yet acknowledged (`rd_kafka_outq_len`).
    package var outstandingCount: Int { Int(client.outqLength) }

    /// The last client-level error event, if any.
    package var lastError: KafkaError? { client.context.lastError }

    /// The number of partitions of `topic` (the metadata request may create the topic on
    /// brokers that auto-create topics).
    package func partitionCount(topic: String, timeout: Duration = .seconds(10)) throws -> Int {
        try client.partitionCount(topic: topic, timeoutMs: timeout.kafkaMilliseconds)
    }

    // MARK: Transactions

    /// Registers the `transactional.id` with the transaction coordinator, fencing any
    /// older producer with the same id and aborting its open transaction. Call once,
    /// before the first ``beginTransaction()``. Retriable errors may be retried.
    package func initTransactions(timeout: Duration = .seconds(30)) throws {
        try client.initTransactions(timeoutMs: timeout.kafkaMilliseconds)
    }

    /// Starts a transaction: records produced until commit or abort belong to it.
    package func beginTransaction() throws {
        try client.beginTransaction()
    }

    /// Makes committing `offsets` for `consumer`'s group part of the current
    /// transaction, so the input counts as consumed exactly when the output is
    /// committed. Offsets are the next offsets to read (last processed + 1).
    package func sendOffsetsToTransaction(_ offsets: [KafkaPartitionOffset], consumer: KafkaConsumer, timeout: Duration = .seconds(30)) throws {
        try client.sendOffsetsToTransaction(offsets, consumer: consumer.client, timeoutMs: timeout.kafkaMilliseconds)
    }

    /// Flushes the transaction's records and commits it. If any record failed delivery
    /// the commit fails with ``KafkaError/transactionRequiresAbort`` set.
    package func commitTransaction(timeout: Duration = .seconds(30)) throws {
        try client.commitTransaction(timeoutMs: timeout.kafkaMilliseconds)
        _ = client.context.takeUnreportedFailures()
    }

    /// Aborts the current transaction: its records are never shown to `read_committed`
    /// consumers and its offsets are not committed. Delivery failures recorded for it
    /// are forgotten.
    package func abortTransaction(timeout: Duration = .seconds(30)) throws {
        try client.abortTransaction(timeoutMs: timeout.kafkaMilliseconds)
        client.context.discardUnreportedFailures()
    }
}
