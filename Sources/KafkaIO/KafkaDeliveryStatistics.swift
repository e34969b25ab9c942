/// Counts of a producer's delivery reports.
///
/// `produced - delivered - failed` messages are still in flight. In at-least-once use,
/// commit the input offsets only after ``KafkaProducer/flush(timeout:)`` returned
/// without throwing: at that point everything produced before it was acknowledged.
package struct KafkaDeliveryStatistics: Equatable, Sendable {
    /// Messages accepted by ``KafkaProducer/produce(topic:partition:key:value:headers:timestamp:)``.
    package var produced: Int = 0
    /// Messages the broker acknowledged.
    package var delivered: Int = 0
    /// Messages that could not be delivered (each one is lost unless produced again).
    package var failed: Int = 0
    /// The most recent delivery failure.
    package var lastFailure: KafkaError?

    package init() {}

    /// Messages neither acknowledged nor failed yet.
    package var inFlight: Int { produced - delivered - failed }
}
