/// A Kafka protocol request type (the request header's ApiKey), used to aim injected
/// failures at one kind of request in ``EmbeddedBroker/pushRequestErrors(apiKey:errors:)``.
package struct KafkaAPIKey: RawRepresentable, Hashable, Sendable {
    package let rawValue: Int16

    package init(rawValue: Int16) {
        self.rawValue = rawValue
    }

    package static let produce = KafkaAPIKey(rawValue: 0)
    package static let fetch = KafkaAPIKey(rawValue: 1)
    package static let listOffsets = KafkaAPIKey(rawValue: 2)
    package static let metadata = KafkaAPIKey(rawValue: 3)
    package static let offsetCommit = KafkaAPIKey(rawValue: 8)
    package static let offsetFetch = KafkaAPIKey(rawValue: 9)
    package static let findCoordinator = KafkaAPIKey(rawValue: 10)
    package static let joinGroup = KafkaAPIKey(rawValue: 11)
    package static let heartbeat = KafkaAPIKey(rawValue: 12)
    package static let leaveGroup = KafkaAPIKey(rawValue: 13)
    package static let syncGroup = KafkaAPIKey(rawValue: 14)
    package static let initProducerID = KafkaAPIKey(rawValue: 22)
    package static let addPartitionsToTransaction = KafkaAPIKey(rawValue: 24)
    package static let addOffsetsToTransaction = KafkaAPIKey(rawValue: 25)
    package static let endTransaction = KafkaAPIKey(rawValue: 26)
    package static let transactionOffsetCommit = KafkaAPIKey(rawValue: 28)
}
