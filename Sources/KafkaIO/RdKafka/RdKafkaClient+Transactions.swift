import CRdKafka

/// The transactional producer calls. Each returns an `rd_kafka_error_t` whose flags
/// (fatal, retriable, requires abort) are kept in the thrown ``KafkaError``.
extension RdKafkaClient {
    func initTransactions(timeoutMs: Int32) throws {
        try Self.check(rd_kafka_init_transactions(handle, timeoutMs), "initTransactions")
    }

    func beginTransaction() throws {
        try Self.check(rd_kafka_begin_transaction(handle), "beginTransaction")
    }

    /// Adds consumed offsets to the transaction, fenced by the consumer's group
    /// metadata (generation and member id), so a zombie that lost its partitions
    /// cannot commit them.
    func sendOffsetsToTransaction(_ offsets: [KafkaPartitionOffset], consumer: RdKafkaClient, timeoutMs: Int32) throws {
        guard let metadata = rd_kafka_consumer_group_metadata(consumer.handle) else {
            throw KafkaError(code: .invalidArgument, message: "the consumer has no group metadata (no group.id?)", operation: "sendOffsetsToTransaction")
        }
        defer { rd_kafka_consumer_group_metadata_destroy(metadata) }
        try Self.withPartitionList(offsets) { list in
            try Self.check(rd_kafka_send_offsets_to_transaction(handle, list, metadata, timeoutMs), "sendOffsetsToTransaction")
        }
    }

    /// Flushes outstanding messages (serving their delivery reports), then commits.
    func commitTransaction(timeoutMs: Int32) throws {
        try Self.check(rd_kafka_commit_transaction(handle, timeoutMs), "commitTransaction")
    }

    func abortTransaction(timeoutMs: Int32) throws {
        try Self.check(rd_kafka_abort_transaction(handle, timeoutMs), "abortTransaction")
    }
}
