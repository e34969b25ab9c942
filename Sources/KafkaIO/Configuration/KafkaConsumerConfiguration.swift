/// How a ``KafkaConsumer`` is set up.
///
/// Defaults suit a stream processor that commits explicitly: offsets are never
/// committed automatically (`enable.auto.commit=false`), the group uses the
/// cooperative-sticky assignor (a rebalance moves only the partitions that must move),
/// and only committed transactional records are read (`isolation.level=read_committed`).
package struct KafkaConsumerConfiguration: Hashable, Sendable {
    /// Which records of transactional producers a consumer sees.
    package enum IsolationLevel: String, Hashable, Sendable {
        /// Only records of committed transactions (and non-transactional records).
        case readCommitted = "read_committed"
        /// Everything, including records of open and aborted transactions.
        case readUncommitted = "read_uncommitted"
    }

    /// Where to start in a partition without a committed offset.
    package enum OffsetReset: String, Hashable, Sendable {
        case earliest
        case latest
        /// Fail instead (the consumer reports `_AUTO_OFFSET_RESET`).
        case error
    }

    /// Shared properties (brokers, security, and any other librdkafka property).
    package var kafka: KafkaConfiguration
    /// `group.id`; required for ``KafkaConsumer/subscribe(topics:)`` and commits, not for
    /// manual ``KafkaConsumer/assign(_:)`` (without one the consumer gets a private,
    /// never-joined group id, because librdkafka needs one to assign).
    package var groupID: String?
    /// `isolation.level`.
    package var isolationLevel: IsolationLevel = .readCommitted
    /// `auto.offset.reset`.
    package var offsetReset: OffsetReset = .earliest
    /// `partition.assignment.strategy`. Cooperative-sticky by default; the rebalance
    /// handling works with eager assignors (`range`, `roundrobin`) too.
    package var assignmentStrategy: String = "cooperative-sticky"
    /// `enable.partition.eof`: report ``KafkaConsumerEvent/endOfPartition(_:)``.
    package var reportsEndOfPartition: Bool = false

    package init(
        kafka: KafkaConfiguration,
        groupID: String? = nil,
        isolationLevel: IsolationLevel = .readCommitted,
        offsetReset: OffsetReset = .earliest,
        assignmentStrategy: String = "cooperative-sticky",
        reportsEndOfPartition: Bool = false
    ) {
        self.kafka = kafka
        self.groupID = groupID
        self.isolationLevel = isolationLevel
        self.offsetReset = offsetReset
        self.assignmentStrategy = assignmentStrategy
        self.reportsEndOfPartition = reportsEndOfPartition
    }

    /// The properties handed to librdkafka: the typed settings above as defaults, then
    /// ``kafka``'s properties (so a config file can set any librdkafka property), then
    /// ``groupID`` if set. `enable.auto.commit` always stays off: this layer's commit
    /// model (commit after processing, or inside a transaction) depends on it.
    package var librdkafkaProperties: [String: String] {
        var result: [String: String] = [
            "isolation.level": isolationLevel.rawValue,
            "auto.offset.reset": offsetReset.rawValue,
            "partition.assignment.strategy": assignmentStrategy,
            "enable.partition.eof": reportsEndOfPartition ? "true" : "false",
        ]
        result.merge(kafka.properties) { _, file in file }
        if let groupID { result["group.id"] = groupID }
        result["enable.auto.commit"] = "false"
        return result
    }
}
