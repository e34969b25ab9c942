import Foundation

/// A Kafka-protocol broker cluster running inside this process: librdkafka's mock
/// cluster (`rdkafka_mock.h`), listening on random loopback ports. For development and
/// tests only — it keeps everything in memory and is not a real Kafka.
///
/// What librdkafka 2.0.2's mock does (checked against its source and by tests):
/// - Produce, Fetch, ListOffsets, Metadata, consumer groups (join/sync/heartbeat,
///   cooperative-sticky included; a group join takes about 3 s), OffsetCommit and
///   OffsetFetch work; topics are auto-created on first use with 4 partitions, or
///   created explicitly with ``createTopic(_:partitions:replicationFactor:)``.
/// - Transactions are only *accepted*, not implemented: InitProducerId, AddPartitionsToTxn,
///   AddOffsetsToTxn and EndTxn succeed, but no commit/abort markers are written and
///   Fetch reports no aborted transactions, so `read_committed` consumers see the records
///   of aborted (and open) transactions too. TxnOffsetCommit answers success but stores
///   nothing, so `send_offsets_to_transaction` does not move the group's committed
///   offsets.
/// - Idempotence is checked only for transactional producers (sequence numbers per
///   producer id); a plain idempotent producer retrying after a broker outage can
///   write duplicates.
/// - There is no log compaction or cleanup policy, and each partition keeps only about
///   5 MB (or 100,000 batches): older records vanish and the low watermark moves.
/// - Broker outages (``setBrokerDown(_:)``) close the broker's connections and refuse
///   new ones; ``pushRequestErrors(apiKey:errors:)`` makes the next requests of one type
///   fail with the given codes. Prefer request errors in tests: taking a broker down
///   re-binds its port at once, and if that bind fails (`Address already in use`, seen
///   once in about ten parallel test runs) the mock asserts and aborts the process.
/// - While a broker is down, producers check `message.timeout.ms` only between
///   reconnect attempts, which back off up to `reconnect.backoff.max.ms` (10 s), so
///   delivery failures can surface that much later than the timeout.
package final class EmbeddedBroker: @unchecked Sendable {
    // Invariant for @unchecked Sendable: `host` is read and written only under `lock`;
    // calls take a strong reference under the lock, so `stop()` on another thread
    // cannot destroy the cluster while a call is using it.
    private let lock = NSLock()
    private var host: RdKafkaClient?

    /// `host:port,…` of the brokers, for `bootstrap.servers`.
    package let bootstrapServers: String
    /// The number of brokers, with ids 1…brokerCount.
    package let brokerCount: Int

    /// Starts a cluster of `brokers` brokers.
    package init(brokers: Int = 1) throws {
        guard brokers >= 1 else {
            throw KafkaError(code: .invalidArgument, message: "a cluster needs at least one broker", operation: "EmbeddedBroker")
        }
        // The host handle never connects anywhere; warning level keeps its "no
        // bootstrap.servers" notice out of the output.
        let host = try RdKafkaClient.makeMockClusterHost(brokers: brokers, properties: ["log_level": "4", "socket.nagle.disable": "true"])
        self.host = host
        self.brokerCount = brokers
        self.bootstrapServers = host.mockBootstrapServers
    }

    private func running(_ operation: String) throws -> RdKafkaClient {
        guard let host = lock.withLock({ host }) else {
            throw KafkaError(code: .state, message: "the embedded broker was stopped", operation: operation)
        }
        return host
    }

    /// Creates a topic. Replication factor must not exceed the broker count. The mock
    /// ignores topic configs, so a topic meant to be compacted is created the same way
    /// (and is not compacted).
    package func createTopic(_ name: String, partitions: Int = 1, replicationFactor: Int = 1) throws {
        try running("createTopic").mockCreateTopic(name, partitions: Int32(clamping: partitions), replicationFactor: Int32(clamping: replicationFactor))
    }

    /// Takes broker `id` (1-based) down: its connections close and it refuses new ones,
    /// until ``setBrokerUp(_:)``.
    package func setBrokerDown(_ id: Int32) throws {
        try running("setBrokerDown").mockSetBroker(id, up: false)
    }

    package func setBrokerUp(_ id: Int32) throws {
        try running("setBrokerUp").mockSetBroker(id, up: true)
    }

    /// Delays every response of broker `id` by `milliseconds`.
    package func setRoundTripTime(_ id: Int32, milliseconds: Int) throws {
        try running("setRoundTripTime").mockSetRoundTripTime(id, milliseconds: Int32(clamping: milliseconds))
    }

    /// Makes the next `errors.count` requests of this type (to any broker) fail, one
    /// per code, in order; then requests succeed again.
    package func pushRequestErrors(apiKey: KafkaAPIKey, errors: [KafkaErrorCode]) throws {
        try running("pushRequestErrors").mockPushRequestErrors(apiKey: apiKey.rawValue, errors: errors.map(\.rawValue))
    }

    /// Drops request errors still queued for this request type.
    package func clearRequestErrors(apiKey: KafkaAPIKey) throws {
        try running("clearRequestErrors").mockClearRequestErrors(apiKey: apiKey.rawValue)
    }

    /// Moves a partition's leadership to broker `id`.
    package func setPartitionLeader(topic: String, partition: Int32, broker id: Int32) throws {
        try running("setPartitionLeader").mockSetPartitionLeader(topic: topic, partition: partition, broker: id)
    }

    /// Stops the cluster; clients connected to it see their connections fail. Further
    /// calls throw `_STATE`; stopping twice does nothing.
    package func stop() {
        let host = lock.withLock { () -> RdKafkaClient? in
            defer { self.host = nil }
            return self.host
        }
        _ = host  // released here: the mock cluster and its handle are destroyed
    }

    deinit {
        stop()
    }
}
