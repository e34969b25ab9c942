import KafkaIO
import Rules

/// The Kafka topic of each logical destination of the engine's records.
package struct OutputTopics: Equatable, Sendable {
    package var actions: String
    package var notifications: String
    package var deadLetter: String

    package init(actions: String, notifications: String, deadLetter: String) {
        self.actions = actions
        self.notifications = notifications
        self.deadLetter = deadLetter
    }

    package subscript(_ destination: OutputRecord.Destination) -> String {
        switch destination {
        case .actions: actions
        case .notifications: notifications
        case .deadLetter: deadLetter
        }
    }
}

/// Produces the engine's records to their topics with the keys and headers
/// the engine gave them (the same for `run` and `replay --brokers`). A dead
/// letter of a record read from Kafka also says where that record was.
package struct OutputSink {
    package let producer: KafkaProducer
    package let topics: OutputTopics

    package init(producer: KafkaProducer, topics: OutputTopics) {
        self.producer = producer
        self.topics = topics
    }

    /// Returns the topic the record went to.
    @discardableResult
    package func produce(_ record: OutputRecord, origin: KafkaMessage? = nil) throws -> String {
        let topic = topics[record.topic]
        var headers = record.headers.map { KafkaHeader(key: $0.name, string: $0.value) }
        if record.topic == .deadLetter, let origin {
            headers += [
                KafkaHeader(key: "rulebridge-original-topic", string: origin.topic),
                KafkaHeader(key: "rulebridge-original-partition", string: String(origin.partition)),
                KafkaHeader(key: "rulebridge-original-offset", string: String(origin.offset)),
            ]
        }
        try producer.produce(topic: topic, key: record.key.map { Array($0.utf8) }, value: record.value, headers: headers)
        return topic
    }
}
