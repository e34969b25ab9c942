import KafkaIO
import Testing

@Suite("Configuration")
struct ConfigurationTests {
    @Test("an unknown property is reported with its name")
    func unknownPropertyIsNamed() throws {
        let configuration = KafkaProducerConfiguration(kafka: KafkaConfiguration(properties: ["no.such.property": "1"]))
        let error = try #require(throws: KafkaError.self) { try KafkaProducer(configuration: configuration) }
        #expect(error.property == "no.such.property")
        #expect(error.code == .invalidArgument)
        #expect(error.description.contains("no.such.property"))
    }

    @Test("a bad value is reported with the property's name")
    func badValueIsNamed() throws {
        let configuration = KafkaConsumerConfiguration(kafka: KafkaConfiguration(properties: ["session.timeout.ms": "soon"]))
        let error = try #require(throws: KafkaError.self) { try KafkaConsumer(configuration: configuration) }
        #expect(error.property == "session.timeout.ms")
    }

    @Test("security and other librdkafka properties pass through verbatim")
    func propertiesPassThrough() throws {
        let kafka = KafkaConfiguration(bootstrapServers: "127.0.0.1:1", properties: [
            "security.protocol": "SASL_PLAINTEXT",
            "sasl.mechanisms": "SCRAM-SHA-512",
            "sasl.username": "engine",
            "sasl.password": "secret",
            "client.id": "rulebridge-test",
        ])
        #expect(kafka.clientID == "rulebridge-test")
        // librdkafka accepts them (it would throw on any it does not know).
        _ = try KafkaProducer(configuration: KafkaProducerConfiguration(kafka: kafka))
        _ = try KafkaConsumer(configuration: KafkaConsumerConfiguration(kafka: kafka, groupID: "g"))
    }

    @Test("defaults: idempotent producer; manual-commit, cooperative, read_committed consumer; the config file's map wins")
    func defaultsAndOverrides() {
        let producer = KafkaProducerConfiguration(kafka: KafkaConfiguration(bootstrapServers: "b:9092"))
        #expect(producer.librdkafkaProperties["enable.idempotence"] == "true")
        #expect(producer.librdkafkaProperties["transactional.id"] == nil)
        let transactional = KafkaProducerConfiguration(kafka: KafkaConfiguration(), transactionalID: "engine-0", deliveryTimeout: .milliseconds(1500))
        #expect(transactional.librdkafkaProperties["transactional.id"] == "engine-0")
        #expect(transactional.librdkafkaProperties["message.timeout.ms"] == "1500")

        let consumer = KafkaConsumerConfiguration(kafka: KafkaConfiguration(), groupID: "rules")
        let properties = consumer.librdkafkaProperties
        #expect(properties["group.id"] == "rules")
        #expect(properties["enable.auto.commit"] == "false")
        #expect(properties["partition.assignment.strategy"] == "cooperative-sticky")
        #expect(properties["isolation.level"] == "read_committed")

        let fromFile = KafkaConsumerConfiguration(kafka: KafkaConfiguration(properties: [
            "partition.assignment.strategy": "range",
            "enable.auto.commit": "true",
        ]))
        #expect(fromFile.librdkafkaProperties["partition.assignment.strategy"] == "range")
        #expect(fromFile.librdkafkaProperties["enable.auto.commit"] == "false", "auto commit would break the commit model")
    }

    @Test("errors carry librdkafka's names")
    func errorNames() {
        #expect(KafkaErrorCode.messageTimedOut.name == "_MSG_TIMED_OUT")
        #expect(KafkaErrorCode.notCoordinator.name == "NOT_COORDINATOR")
        #expect(KafkaErrorCode.producerFenced.name == "PRODUCER_FENCED")
        #expect(KafkaErrorCode.notImplemented.name == "_NOT_IMPLEMENTED")
        let error = KafkaError(code: .producerFenced, operation: "commitTransaction", isFatal: true)
        #expect(error.description.hasPrefix("commitTransaction: PRODUCER_FENCED: "))
        #expect(error.description.hasSuffix("(fatal)"))
    }
}
