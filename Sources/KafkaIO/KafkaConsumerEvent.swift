/// What ``KafkaConsumer/pollEvent(timeout:)`` returns.
package enum KafkaConsumerEvent: Hashable, Sendable {
    /// A record.
    case message(KafkaMessage)
    /// The consumer has read everything currently in this partition; the offset is the
    /// next one to be written. Reported only with
    /// ``KafkaConsumerConfiguration/reportsEndOfPartition`` set, once each time the end is
    /// reached.
    case endOfPartition(KafkaPartitionOffset)
}
