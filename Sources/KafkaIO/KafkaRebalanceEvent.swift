/// A change to a group member's assignment, reported to the consumer's rebalance
/// handler *before* librdkafka applies it.
///
/// With the default cooperative-sticky assignor, events are incremental: `assigned`
/// lists only the partitions being added, `revoked` only those being taken away, and
/// the rest keep flowing. With an eager assignor every rebalance revokes everything and
/// assigns the new full set.
package enum KafkaRebalanceEvent: Hashable, Sendable {
    /// These partitions are about to be added. Restore their state now: consuming
    /// starts when the handler returns.
    case assigned([KafkaTopicPartition])
    /// These partitions are about to be taken away in an orderly rebalance. Finish and
    /// commit (or abort) work for them now; afterwards commits for them are refused.
    case revoked([KafkaTopicPartition])
    /// These partitions were lost (session timeout, fencing): another member may
    /// already own them, so do not commit for them; abort and drop their state.
    case lost([KafkaTopicPartition])

    package var partitions: [KafkaTopicPartition] {
        switch self {
        case .assigned(let p), .revoked(let p), .lost(let p): return p
        }
    }
}

/// Called on the polling thread, inside ``KafkaConsumer/poll(timeout:)`` (or
/// ``KafkaConsumer/close()``), for every rebalance event, before it is applied.
///
/// For ``KafkaRebalanceEvent/assigned(_:)`` the handler may return start offsets for
/// some of the new partitions (for example offsets restored together with the state);
/// partitions it does not mention start at the group's committed offset. The return
/// value is ignored for revocations.
///
/// To commit (or send offsets to a transaction) from the handler it needs the consumer,
/// which does not exist yet when the handler is passed to its initializer: capture a
/// box that is filled in afterwards, holding the consumer weakly — a strong reference
/// would be a cycle (consumer → handler → consumer). When a consumer is released
/// without ``KafkaConsumer/close()``, its final revocation runs during deinitialization,
/// when such a weak reference is already `nil`: close explicitly to commit on shutdown.
package typealias KafkaRebalanceHandler = @Sendable (KafkaRebalanceEvent) -> [KafkaPartitionOffset]
