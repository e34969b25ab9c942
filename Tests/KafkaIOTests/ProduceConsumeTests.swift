import KafkaIO
import RulebridgeTestSupport
import Testing

@Suite("Producing and consuming over the embedded broker", .timeLimit(.minutes(1)))
struct ProduceConsumeTests {
    @Test("records keep their keys, values, headers, partitions and timestamps")
    func recordsRoundTripWithKeysAndHeaders() async throws {
        let topic = uniqueTopic("roundtrip")
        let received = try await onDedicatedThread { () -> [KafkaMessage] in
            let broker = try EmbeddedBroker()
            defer { broker.stop() }
            try broker.createTopic(topic, partitions: 2)
            let producer = try producer(broker)
            try producer.produce(
                topic: topic, partition: 0, key: [UInt8]("instance-1"), value: [UInt8]("{\"a\":1}"),
                headers: [
                    KafkaHeader(key: "reason", string: "malformed"),
                    KafkaHeader(key: "empty", value: nil),
                    KafkaHeader(key: "reason", string: "again"),
                ],
                timestamp: 1_700_000_000_123
            )
            try producer.produce(topic: topic, partition: 1, key: nil, value: [UInt8]("no key"))
            try producer.produce(topic: topic, partition: 1, key: [UInt8]("deleted"), value: nil)
            try producer.produce(topic: topic, partition: 1, key: [], value: [])
            try producer.flush()
            try ensure(producer.deliveryStatistics.delivered == 4, "4 delivery reports, got \(producer.deliveryStatistics)")

            let consumer = try reader(broker)
            try consumer.assign([
                KafkaPartitionOffset(topic: topic, partition: 0, offset: KafkaOffset.beginning),
                KafkaPartitionOffset(topic: topic, partition: 1, offset: KafkaOffset.beginning),
            ])
            defer { try? consumer.close() }
            return try consume(consumer, count: 4)
        }

        try #require(received.count == 4)
        let first = try #require(received.first { $0.partition == 0 })
        #expect(first.topic == topic)
        #expect(first.offset == 0)
        #expect(text(first.key) == "instance-1")
        #expect(text(first.value) == "{\"a\":1}")
        #expect(first.headers == [
            KafkaHeader(key: "reason", string: "malformed"),
            KafkaHeader(key: "empty", value: nil),
            KafkaHeader(key: "reason", string: "again"),
        ])
        #expect(text(first.header("reason")) == "malformed")
        #expect(first.timestamp == KafkaTimestamp(milliseconds: 1_700_000_000_123, kind: .createTime))

        let second = received.filter { $0.partition == 1 }
        #expect(second.map(\.offset) == [0, 1, 2], "one partition keeps the produce order")
        #expect(second[0].key == nil && text(second[0].value) == "no key")
        #expect(text(second[1].key) == "deleted" && second[1].value == nil, "a nil value is a tombstone")
        #expect(second[2].key == [] && second[2].value == [], "empty is not null")
        #expect(second.allSatisfy { $0.headers.isEmpty })
    }

    @Test("watermarks and position tell a reader when it has reached the end of a partition")
    func watermarksAndPositionMeetAtTheEnd() async throws {
        let topic = uniqueTopic("watermarks")
        let (before, after, position, eof) = try await onDedicatedThread { () -> (KafkaWatermarks, KafkaWatermarks, [KafkaPartitionOffset], [KafkaPartitionOffset]) in
            let broker = try EmbeddedBroker()
            defer { broker.stop() }
            try broker.createTopic(topic, partitions: 1)
            let consumer = try KafkaConsumer(configuration: KafkaConsumerConfiguration(
                kafka: KafkaConfiguration(bootstrapServers: broker.bootstrapServers),
                reportsEndOfPartition: true
            ))
            defer { try? consumer.close() }
            let before = try consumer.watermarks(topic: topic, partition: 0)
            let producer = try producer(broker)
            for i in 0..<5 { try producer.produce(topic: topic, key: [UInt8]("k"), value: [UInt8]("v\(i)")) }
            try producer.flush()
            let after = try consumer.watermarks(topic: topic, partition: 0)

            try consumer.assign([KafkaPartitionOffset(topic: topic, partition: 0, offset: KafkaOffset.beginning)])
            var ends: [KafkaPartitionOffset] = []
            var count = 0
            let deadline = ContinuousClock.now + .seconds(10)
            while ends.isEmpty, ContinuousClock.now < deadline {
                switch try consumer.pollEvent(timeout: .milliseconds(100)) {
                case .message: count += 1
                case .endOfPartition(let end): ends.append(end)
                case nil: break
                }
            }
            try ensure(count == 5, "5 records before the end, got \(count)")
            return (before, after, try consumer.position([KafkaTopicPartition(topic: topic, partition: 0)]), ends)
        }
        #expect(before == KafkaWatermarks(low: 0, high: 0))
        #expect(after == KafkaWatermarks(low: 0, high: 5))
        #expect(position == [KafkaPartitionOffset(topic: topic, partition: 0, offset: 5)])
        #expect(eof == [KafkaPartitionOffset(topic: topic, partition: 0, offset: 5)])
    }
}
