/// A record read by a ``KafkaConsumer``.
package struct KafkaMessage: Hashable, Sendable {
    package var topic: String
    package var partition: Int32
    package var offset: Int64
    /// `nil` for a record without a key.
    package var key: [UInt8]?
    /// `nil` for a tombstone (a null value, which deletes the key in a compacted topic).
    package var value: [UInt8]?
    package var headers: [KafkaHeader]
    package var timestamp: KafkaTimestamp?

    package init(
        topic: String, partition: Int32, offset: Int64,
        key: [UInt8]?, value: [UInt8]?,
        headers: [KafkaHeader] = [], timestamp: KafkaTimestamp? = nil
    ) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.key = key
        self.value = value
        self.headers = headers
        self.timestamp = timestamp
    }

    package var topicPartition: KafkaTopicPartition {
        KafkaTopicPartition(topic: topic, partition: partition)
    }

    /// The offset to commit once this record is processed (`offset + 1`).
    package var nextOffset: KafkaPartitionOffset {
        KafkaPartitionOffset(topic: topic, partition: partition, offset: offset + 1)
    }

    /// The first header with this key, if any.
    package func header(_ key: String) -> [UInt8]? {
        headers.first { $0.key == key }?.value ?? nil
    }
}
