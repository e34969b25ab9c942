import KafkaIO
import RulebridgeTestSupport
import Testing

/// Group membership over the mock cluster. A group join takes about 3 s there
/// (NOTES.md), so each test budgets ~10 s per join.
@Suite("Consumer groups", .timeLimit(.minutes(1)))
struct ConsumerGroupTests {
    @Test("the rebalance handler hears of assigned partitions, and of revoked ones when a second member joins, which resumes from committed offsets")
    func rebalanceEventsAndResumeFromCommittedOffsets() async throws {
        let topic = uniqueTopic("rebalance")
        let group = uniqueTopic("group")
        struct Outcome: Sendable {
            var firstEvents: [KafkaRebalanceEvent]
            var firstAfterJoin: [KafkaRebalanceEvent]
            var secondEvents: [KafkaRebalanceEvent]
            var secondFirstOffsets: [Int32: Int64]
            var firstCount: Int
        }
        let outcome = try await onDedicatedThread { () -> Outcome in
            let broker = try EmbeddedBroker()
            defer { broker.stop() }
            try broker.createTopic(topic, partitions: 2)
            let producer = try producer(broker)
            for partition: Int32 in [0, 1] {
                for i in 0..<2 { try producer.produce(topic: topic, partition: partition, value: [UInt8]("first-\(partition)-\(i)")) }
            }
            try producer.flush()

            let firstEvents = Recorder<KafkaRebalanceEvent>()
            let first = try groupConsumer(broker, group: group) { event in
                firstEvents.append(event)
                return []
            }
            try first.subscribe(topics: [topic])
            let consumed = try consume(first, count: 4)
            try ensure(consumed.count == 4, "the first member read 4 records, got \(consumed.count)")
            var next: [Int32: KafkaPartitionOffset] = [:]
            for message in consumed { next[message.partition] = message.nextOffset }
            try first.commit(Array(next.values))
            let eventsBeforeJoin = firstEvents.all

            for partition: Int32 in [0, 1] {
                try producer.produce(topic: topic, partition: partition, value: [UInt8]("second-\(partition)"))
            }
            try producer.flush()

            let secondEvents = Recorder<KafkaRebalanceEvent>()
            let second = try groupConsumer(broker, group: group) { event in
                secondEvents.append(event)
                return []
            }
            try second.subscribe(topics: [topic])
            // Both members must poll for the cooperative rebalance to complete.
            var secondMessages: [KafkaMessage] = []
            let deadline = ContinuousClock.now + .seconds(20)
            while secondMessages.isEmpty, ContinuousClock.now < deadline {
                _ = try first.poll(timeout: .milliseconds(50))
                if let message = try second.poll(timeout: .milliseconds(50)) { secondMessages.append(message) }
            }
            var firstOffsets: [Int32: Int64] = [:]
            for message in secondMessages where firstOffsets[message.partition] == nil {
                firstOffsets[message.partition] = message.offset
            }
            try second.close()
            try first.close()
            return Outcome(
                firstEvents: eventsBeforeJoin,
                firstAfterJoin: firstEvents.all,
                secondEvents: secondEvents.all,
                secondFirstOffsets: firstOffsets,
                firstCount: consumed.count
            )
        }

        let both = Set([KafkaTopicPartition(topic: topic, partition: 0), KafkaTopicPartition(topic: topic, partition: 1)])
        // Alone in the group, the first member is assigned both partitions.
        #expect(outcome.firstEvents.count == 1)
        #expect(outcome.firstEvents.first.map { if case .assigned(let p) = $0 { Set(p) } else { [] } } == both)
        // When the second joins, cooperative-sticky moves exactly one partition.
        let revoked = outcome.firstAfterJoin.dropFirst().first
        guard case .revoked(let moved)? = revoked else {
            Issue.record("expected a revocation for the first member, got \(outcome.firstAfterJoin)")
            return
        }
        #expect(moved.count == 1)
        #expect(outcome.secondEvents.first == .assigned(moved))
        // The second member starts right after the first member's committed offset.
        let movedPartition = try #require(moved.first?.partition)
        #expect(outcome.secondFirstOffsets[movedPartition] == 2)
    }

    @Test("returning a start offset from the assignment handler starts the partition there")
    func assignmentHandlerChoosesTheStartOffset() async throws {
        let topic = uniqueTopic("start-offset")
        let group = uniqueTopic("group")
        let offsets = try await onDedicatedThread { () -> [Int64] in
            let broker = try EmbeddedBroker()
            defer { broker.stop() }
            try broker.createTopic(topic, partitions: 1)
            let producer = try producer(broker)
            for i in 0..<5 { try producer.produce(topic: topic, value: [UInt8]("r\(i)")) }
            try producer.flush()
            // As a state restore would: "this partition's state covers offsets 0..<3".
            let consumer = try groupConsumer(broker, group: group) { event in
                guard case .assigned(let partitions) = event else { return [] }
                return partitions.map { KafkaPartitionOffset($0, offset: 3) }
            }
            defer { try? consumer.close() }
            try consumer.subscribe(topics: [topic])
            return try consume(consumer, count: 2).map(\.offset)
        }
        #expect(offsets == [3, 4])
    }
    @Test("closing a consumer during its first group join waits for the join, then revokes, instead of aborting the process")
    func closeDuringFirstJoin() async throws {
        let topic = uniqueTopic("early-close")
        let group = uniqueTopic("group")
        let events = try await onDedicatedThread { () -> [KafkaRebalanceEvent] in
            let broker = try EmbeddedBroker()
            defer { broker.stop() }
            try broker.createTopic(topic, partitions: 1)
            let recorder = Recorder<KafkaRebalanceEvent>()
            let consumer = try groupConsumer(broker, group: group) { event in
                recorder.append(event)
                return []
            }
            try consumer.subscribe(topics: [topic])
            _ = try consumer.poll(timeout: .milliseconds(100))
            // librdkafka 2.0.2 asserts if this consumer is destroyed between its
            // JoinGroup response and its first assignment; close() waits that out.
            try consumer.close()
            return recorder.all
        }
        let partition = [KafkaTopicPartition(topic: topic, partition: 0)]
        #expect(events == [.assigned(partition), .revoked(partition)])
    }

    @Test("with an eager assignor the handler still hears of assignments, applied as whole assignments")
    func eagerAssignorFallback() async throws {
        let topic = uniqueTopic("eager")
        let group = uniqueTopic("group")
        let (events, values) = try await onDedicatedThread { () -> ([KafkaRebalanceEvent], [String]) in
            let broker = try EmbeddedBroker()
            defer { broker.stop() }
            try broker.createTopic(topic, partitions: 2)
            let producer = try producer(broker)
            for partition: Int32 in [0, 1] { try producer.produce(topic: topic, partition: partition, value: [UInt8]("p\(partition)")) }
            try producer.flush()
            let recorder = Recorder<KafkaRebalanceEvent>()
            let consumer = try KafkaConsumer(
                configuration: KafkaConsumerConfiguration(
                    kafka: KafkaConfiguration(bootstrapServers: broker.bootstrapServers, properties: ["session.timeout.ms": "3000"]),
                    groupID: group,
                    assignmentStrategy: "range"
                ),
                rebalanceHandler: { event in
                    recorder.append(event)
                    return []
                }
            )
            try consumer.subscribe(topics: [topic])
            let values = try consume(consumer, count: 2).compactMap { text($0.value) }
            try consumer.close()
            return (recorder.all, values)
        }
        #expect(Set(values) == ["p0", "p1"])
        let both = Set([KafkaTopicPartition(topic: topic, partition: 0), KafkaTopicPartition(topic: topic, partition: 1)])
        #expect(events.count == 2)
        #expect(events.first.map { if case .assigned(let p) = $0 { Set(p) } else { [] } } == both)
        #expect(events.last.map { if case .revoked(let p) = $0 { Set(p) } else { [] } } == both)
    }
}
