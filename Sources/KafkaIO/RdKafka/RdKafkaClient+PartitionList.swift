import CRdKafka

/// Conversions between Swift partition values and `rd_kafka_topic_partition_list_t`.
extension RdKafkaClient {
    typealias PartitionList = UnsafeMutablePointer<rd_kafka_topic_partition_list_t>

    /// A new list the caller must destroy (see ``withPartitionList(_:_:)``).
    static func makePartitionList(_ offsets: [KafkaPartitionOffset]) -> PartitionList {
        let list = rd_kafka_topic_partition_list_new(Int32(clamping: offsets.count))!
        for entry in offsets {
            let element = rd_kafka_topic_partition_list_add(list, entry.topic, entry.partition)!
            element.pointee.offset = entry.offset
        }
        return list
    }

    static func withPartitionList<R>(_ offsets: [KafkaPartitionOffset], _ body: (PartitionList) throws -> R) rethrows -> R {
        let list = makePartitionList(offsets)
        defer { rd_kafka_topic_partition_list_destroy(list) }
        return try body(list)
    }

    static func withPartitionList<R>(_ partitions: [KafkaTopicPartition], offset: Int64, _ body: (PartitionList) throws -> R) rethrows -> R {
        try withPartitionList(partitions.map { KafkaPartitionOffset($0, offset: offset) }, body)
    }

    static func elements(_ list: PartitionList) -> UnsafeMutableBufferPointer<rd_kafka_topic_partition_t> {
        UnsafeMutableBufferPointer(start: list.pointee.elems, count: Int(list.pointee.cnt))
    }

    static func offsets(_ list: PartitionList) -> [KafkaPartitionOffset] {
        elements(list).map { KafkaPartitionOffset(topic: String(cString: $0.topic), partition: $0.partition, offset: $0.offset) }
    }

    static func topicPartitions(_ list: PartitionList) -> [KafkaTopicPartition] {
        elements(list).map { KafkaTopicPartition(topic: String(cString: $0.topic), partition: $0.partition) }
    }

    /// Throws the first per-partition error a call left in the list.
    static func checkElements(_ list: PartitionList, _ operation: String) throws {
        for element in elements(list) where element.err != RD_KAFKA_RESP_ERR_NO_ERROR {
            throw KafkaError(
                code: KafkaErrorCode(rawValue: element.err.rawValue),
                operation: "\(operation) \(String(cString: element.topic))[\(element.partition)]"
            )
        }
    }
}
