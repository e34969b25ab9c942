/// A partition with an offset.
///
/// Offsets to commit follow Kafka's convention: the offset of the *next* record to
/// read, that is the last processed record's offset + 1.
package struct KafkaPartitionOffset: Hashable, Sendable, CustomStringConvertible {
    package var topic: String
    package var partition: Int32
    /// An absolute offset, or one of the logical values in ``KafkaOffset``.
    package var offset: Int64

    package init(topic: String, partition: Int32, offset: Int64) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
    }

    package init(_ topicPartition: KafkaTopicPartition, offset: Int64) {
        self.init(topic: topicPartition.topic, partition: topicPartition.partition, offset: offset)
    }

    package var topicPartition: KafkaTopicPartition {
        KafkaTopicPartition(topic: topic, partition: partition)
    }

    package var description: String { "\(topic)[\(partition)]@\(offset)" }
}
