import KafkaIO
import RulebridgeTestSupport
import Testing

@Suite("Delivery reports", .timeLimit(.minutes(1)))
struct DeliveryTests {
    /// The broker keeps refusing the record (a retriable error, so the producer keeps
    /// retrying) until `message.timeout.ms` runs out. Not done with
    /// `EmbeddedBroker.setBrokerDown`: librdkafka 2.0.2's mock re-binds the broker's
    /// port when taking it down and asserts (aborting the whole test process) if the
    /// bind fails, which was seen when tests run in parallel.
    @Test("a record the broker never acknowledges within message.timeout.ms makes flush throw, once, and is counted")
    func undeliverableRecordMakesFlushThrow() async throws {
        let topic = uniqueTopic("undeliverable")
        let (failure, secondFlushThrew, statistics) = try await onDedicatedThread { () -> (KafkaError?, Bool, KafkaDeliveryStatistics) in
            let broker = try EmbeddedBroker()
            defer { broker.stop() }
            try broker.createTopic(topic, partitions: 1)
            let producer = try producer(broker, deliveryTimeout: .seconds(2))
            try producer.produce(topic: topic, value: [UInt8]("delivered"))
            try producer.flush()

            try broker.pushRequestErrors(apiKey: .produce, errors: Array(repeating: .notEnoughReplicas, count: 500))
            try producer.produce(topic: topic, value: [UInt8]("never delivered"))
            var failure: KafkaError?
            do { try producer.flush(timeout: .seconds(15)) } catch let error as KafkaError { failure = error }
            try broker.clearRequestErrors(apiKey: .produce)
            var secondFlushThrew = false
            do { try producer.flush(timeout: .seconds(5)) } catch { secondFlushThrew = true }
            return (failure, secondFlushThrew, producer.deliveryStatistics)
        }
        let error = try #require(failure)
        #expect(error.code == .messageTimedOut)
        #expect(error.name == "_MSG_TIMED_OUT")
        #expect(error.description.contains("_MSG_TIMED_OUT"))
        #expect(error.description.contains(topic))
        #expect(!secondFlushThrew, "a failure is reported once")
        #expect(statistics.produced == 2)
        #expect(statistics.delivered == 1)
        #expect(statistics.failed == 1)
        #expect(statistics.inFlight == 0)
        #expect(statistics.lastFailure?.code == .messageTimedOut)
    }

    /// librdkafka 2.0.2 (#4627) double-freed headers passed one by one when a produce
    /// failed on a topic it sees without partitions, as after TOPIC_AUTHORIZATION_FAILED,
    /// and the process died; headers now go as one list that we free on failure.
    @Test("producing with headers after a topic authorization failure is an error, not a crash")
    func headersSurviveTopicAuthorizationFailure() async throws {
        let topic = uniqueTopic("unauthorized")
        let outcome = try await onDedicatedThread { () -> String in
            let broker = try EmbeddedBroker()
            defer { broker.stop() }
            try broker.createTopic(topic, partitions: 1)
            let producer = try producer(broker)
            let headers = [KafkaHeader(key: "rulebridge-rule", string: "r"), KafkaHeader(key: "empty", value: nil)]
            try producer.produce(topic: topic, value: [UInt8]("delivered"), headers: headers)
            try producer.flush()
            try broker.pushRequestErrors(apiKey: .produce, errors: [KafkaErrorCode(rawValue: 29)])
            var outcome = "no error"
            for i in 0..<5 {
                do {
                    try producer.produce(topic: topic, value: [UInt8]("r\(i)"), headers: headers)
                    try producer.flush(timeout: .seconds(5))
                } catch let error as KafkaError {
                    outcome = error.name
                }
            }
            return outcome
        }
        #expect(outcome == "TOPIC_AUTHORIZATION_FAILED")
    }

    @Test("retriable produce errors are retried without losing or reordering records")
    func retriableErrorsAreRetried() async throws {
        let topic = uniqueTopic("retried")
        let (values, statistics) = try await onDedicatedThread { () -> ([String], KafkaDeliveryStatistics) in
            let broker = try EmbeddedBroker()
            defer { broker.stop() }
            try broker.createTopic(topic, partitions: 1)
            let producer = try producer(broker)
            try producer.produce(topic: topic, value: [UInt8]("warm-up"))
            try producer.flush()
            try broker.pushRequestErrors(apiKey: .produce, errors: [.notEnoughReplicas, .leaderNotAvailable, .notEnoughReplicas])
            for i in 0..<5 { try producer.produce(topic: topic, value: [UInt8]("r\(i)")) }
            try producer.flush(timeout: .seconds(15))

            let consumer = try reader(broker)
            defer { try? consumer.close() }
            try consumer.assign([KafkaPartitionOffset(topic: topic, partition: 0, offset: 1)])
            return (try consume(consumer, count: 5).compactMap { text($0.value) }, producer.deliveryStatistics)
        }
        #expect(values == ["r0", "r1", "r2", "r3", "r4"])
        #expect(statistics.failed == 0)
        #expect(statistics.delivered == 6)
    }
}
