/// Reads records, either as a member of a consumer group (``subscribe(topics:)``) or
/// from explicitly chosen partitions (``assign(_:)``, for example to restore state from
/// a changelog topic).
///
/// **Threading.** ``poll(timeout:)`` blocks the calling thread for up to its timeout,
/// and librdkafka requires that one consumer is polled from one thread at a time. Poll
/// from one dedicated thread (not from a Swift task on the cooperative pool, which it
/// would starve) and hand records to async code, for example through an
/// `AsyncStream`. The rebalance handler runs on that thread, inside `poll` or `close`.
/// The other methods (commit, position, watermarks, …) may be called from any thread.
///
/// **Offsets.** Nothing is committed automatically. Commit the offsets of processed
/// records with ``commit(_:)`` after their output is safe, or pass them to
/// ``KafkaProducer/sendOffsetsToTransaction(_:consumer:timeout:)``.
package final class KafkaConsumer: Sendable {
    let client: RdKafkaClient
    /// The configuration the consumer was created with.
    package let configuration: KafkaConsumerConfiguration

    /// Creates the consumer. Throws a ``KafkaError`` naming the property for an unknown
    /// property or a bad value.
    ///
    /// - Parameters:
    ///   - rebalanceHandler: told about every assignment change before it takes effect
    ///     (see ``KafkaRebalanceEvent``); may return start offsets for newly assigned
    ///     partitions.
    ///   - onError: called for client-level error events (transient broker errors and
    ///     fatal ones), on the polling thread.
    package init(
        configuration: KafkaConsumerConfiguration,
        rebalanceHandler: KafkaRebalanceHandler? = nil,
        onError: (@Sendable (KafkaError) -> Void)? = nil
    ) throws {
        self.configuration = configuration
        var properties = configuration.librdkafkaProperties
        if properties["group.id"] == nil {
            // librdkafka (2.0.2) refuses assign() on a consumer without a group; this id is
            // never joined (only subscribe joins) and nothing is committed under it
            // unless the caller commits.
            properties["group.id"] = "rulebridge-unjoined-\(UInt64.random(in: 0...UInt64.max))"
        }
        self.client = try RdKafkaClient.make(
            kind: .consumer,
            properties: properties,
            context: RdKafkaCallbackContext(
                rebalanceHandler: rebalanceHandler,
                errorHandler: onError,
                guardsFirstAssignment: properties["partition.assignment.strategy"]?.contains("cooperative-sticky") ?? false
            )
        )
    }

    // MARK: Group membership and assignment

    /// Joins the group and consumes `topics`; partitions arrive through rebalances
    /// (the first after the group join, which takes a few seconds).
    package func subscribe(topics: [String]) throws {
        try client.subscribe(topics: topics)
    }

    package func unsubscribe() throws {
        try client.unsubscribe()
    }

    /// Consumes exactly these partitions, starting at these offsets (absolute, or a
    /// ``KafkaOffset`` value), without group management; replaces any manual
    /// assignment. Do not mix with ``subscribe(topics:)`` on the same consumer.
    package func assign(_ partitions: [KafkaPartitionOffset]) throws {
        try client.assign(partitions)
    }

    /// Drops the manual assignment.
    package func unassign() throws {
        try client.unassign()
    }

    /// The partitions currently assigned.
    package func assignment() throws -> [KafkaTopicPartition] {
        try client.assignment()
    }

    /// This member's id in the group, once joined.
    package var memberID: String? { client.memberID }

    // MARK: Reading

    /// The next record, or `nil` if none arrived within `timeout`. Serves rebalances
    /// (calling the rebalance handler) and error events while it waits.
    ///
    /// Throws for a consume error on a partition (for example `_AUTO_OFFSET_RESET` with
    /// ``KafkaConsumerConfiguration/OffsetReset/error``, or an unknown topic) and for a
    /// failure to apply a rebalance; the consumer stays usable unless
    /// ``KafkaError/isFatal``. End-of-partition events are skipped (see
    /// ``pollEvent(timeout:)``).
    package func poll(timeout: Duration) throws -> KafkaMessage? {
        switch try client.consumerPoll(timeoutMs: timeout.kafkaMilliseconds) {
        case .message(let message): return message
        case .endOfPartition, nil: return nil
        }
    }

    /// Like ``poll(timeout:)``, but also reports reaching the end of a partition (with
    /// ``KafkaConsumerConfiguration/reportsEndOfPartition``).
    package func pollEvent(timeout: Duration) throws -> KafkaConsumerEvent? {
        try client.consumerPoll(timeoutMs: timeout.kafkaMilliseconds)
    }

    // MARK: Offsets

    /// Commits offsets synchronously (each the next offset to read, last processed + 1).
    /// Throws the first partition that failed.
    package func commit(_ offsets: [KafkaPartitionOffset]) throws {
        try client.commit(offsets)
    }

    /// The group's committed offsets; ``KafkaOffset/invalid`` where nothing is committed.
    package func committed(_ partitions: [KafkaTopicPartition], timeout: Duration = .seconds(10)) throws -> [KafkaPartitionOffset] {
        try client.committed(partitions, timeoutMs: timeout.kafkaMilliseconds)
    }

    /// The next offset this consumer will return for each partition (last returned + 1);
    /// ``KafkaOffset/invalid`` before anything was returned.
    package func position(_ partitions: [KafkaTopicPartition]) throws -> [KafkaPartitionOffset] {
        try client.position(partitions)
    }

    /// Moves the read position of assigned partitions.
    package func seek(_ offsets: [KafkaPartitionOffset], timeout: Duration = .seconds(10)) throws {
        try client.seek(offsets, timeoutMs: timeout.kafkaMilliseconds)
    }

    /// Stops fetching from these partitions (they stay assigned), for example to drain
    /// in-flight work before shutdown.
    package func pause(_ partitions: [KafkaTopicPartition]) throws {
        try client.pause(partitions)
    }

    package func resume(_ partitions: [KafkaTopicPartition]) throws {
        try client.resume(partitions)
    }

    /// Asks the partition leader for the low and high watermarks: restore a changelog
    /// partition until the position reaches `high`; lag is `high - position`.
    package func watermarks(topic: String, partition: Int32, timeout: Duration = .seconds(10)) throws -> KafkaWatermarks {
        try client.queryWatermarks(topic: topic, partition: partition, timeoutMs: timeout.kafkaMilliseconds)
    }

    /// The watermarks from the latest fetch response, without asking the broker; `nil`
    /// until the partition has been fetched. Cheap enough for metrics.
    package func cachedWatermarks(topic: String, partition: Int32) -> KafkaWatermarks? {
        client.cachedWatermarks(topic: topic, partition: partition)
    }

    /// The number of partitions of `topic`.
    package func partitionCount(topic: String, timeout: Duration = .seconds(10)) throws -> Int {
        try client.partitionCount(topic: topic, timeoutMs: timeout.kafkaMilliseconds)
    }

    /// The last client-level error event, if any.
    package var lastError: KafkaError? { client.context.lastError }

    // MARK: Shutdown

    /// Leaves the group cleanly: the rebalance handler sees the final revocation (commit
    /// there), then the partitions are handed to the remaining members without waiting
    /// for a session timeout. Call from the polling thread, after the last poll.
    /// Further calls do nothing; releasing the consumer without calling it closes it.
    ///
    /// A consumer closed while it is still joining its group for the first time first
    /// waits (up to 15 s) for that join to finish: librdkafka 2.0.2 aborts the whole
    /// process if a cooperative-sticky consumer is destroyed mid-join (fixed in 2.3.0).
    /// Records that arrive meanwhile are dropped without being committed.
    package func close() throws {
        try client.closeConsumer()
    }
}
