/// Counts of a producer's delivery reports.
///
/// `produced - delivered - failed` messages are still in flight. In at-least-once use,
/// commit the input offsets only after ``KafkaProducer/flush(timeout:)`` returned
/// without throwing: at that point everything produced before it was acknowledged.
public struct KafkaDeliveryStatistics: Equatable, Sendable {
    /// Messages accepted by ``KafkaProducer/produce(topic:partition:key:value:headers:timestamp:)``.
    public var produced: Int = 0
    /// Messages the broker acknowledged.
    public var delivered: Int = 0
    /// Messages that could not be delivered (each one is lost unless produced again).
    public var failed: Int = 0
    /// The most recent delivery failure.
    public var lastFailure: KafkaError?

    public init() {}

    /// Messages neither acknowledged nor failed yet.
    public var inFlight: Int { produced - delivered - failed }
}
