/// How a ``KafkaProducer`` is set up.
///
/// The producer is idempotent by default (`enable.idempotence=true`): retries cannot
/// reorder or duplicate records within a partition. Setting ``transactionalID`` makes it
/// transactional, for exactly-once consume–process–produce: the id must be stable across
/// restarts of the same logical producer (so a restarted instance fences the old one
/// and aborts its open transaction) and unique among concurrent producers.
package struct KafkaProducerConfiguration: Hashable, Sendable {
    /// Shared properties (brokers, security, and any other librdkafka property).
    package var kafka: KafkaConfiguration
    /// `transactional.id`; `nil` for a non-transactional producer.
    package var transactionalID: String?
    /// `enable.idempotence`. Transactions require it (librdkafka refuses a
    /// `transactional.id` with idempotence explicitly off).
    package var idempotent: Bool = true
    /// `message.timeout.ms`: how long a message may wait for delivery before its
    /// delivery report fails it. `nil` keeps librdkafka's default (5 minutes).
    package var deliveryTimeout: Duration?

    package init(
        kafka: KafkaConfiguration,
        transactionalID: String? = nil,
        idempotent: Bool = true,
        deliveryTimeout: Duration? = nil
    ) {
        self.kafka = kafka
        self.transactionalID = transactionalID
        self.idempotent = idempotent
        self.deliveryTimeout = deliveryTimeout
    }

    /// The properties handed to librdkafka: the typed settings above as defaults, then
    /// ``kafka``'s properties (so a config file can set any librdkafka property,
    /// `enable.idempotence` included), then ``transactionalID`` if set.
    package var librdkafkaProperties: [String: String] {
        var result: [String: String] = ["enable.idempotence": idempotent ? "true" : "false"]
        if let deliveryTimeout {
            result["message.timeout.ms"] = String(deliveryTimeout.kafkaMilliseconds)
        }
        result.merge(kafka.properties) { _, file in file }
        if let transactionalID {
            result["transactional.id"] = transactionalID
        }
        return result
    }
}
