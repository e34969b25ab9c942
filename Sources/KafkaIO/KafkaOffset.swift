/// Logical offsets librdkafka understands wherever an offset is expected
/// (``KafkaConsumer/assign(_:)``, ``KafkaConsumer/seek(_:timeout:)``, rebalance start
/// offsets).
package enum KafkaOffset {
    /// The oldest record still retained.
    package static let beginning: Int64 = -2
    /// After the newest record: only records produced from now on.
    package static let end: Int64 = -1
    /// The group's committed offset (falling back to `auto.offset.reset`).
    package static let stored: Int64 = -1000
    /// No offset: in results, "unknown / nothing committed"; in requests, the same as
    /// ``stored``.
    package static let invalid: Int64 = -1001
}
