/// One record header. Kafka allows repeated keys and a null value, so headers are an
/// ordered list rather than a dictionary.
package struct KafkaHeader: Hashable, Sendable {
    package var key: String
    /// The header's bytes; `nil` is a null header value (distinct from empty).
    package var value: [UInt8]?

    package init(key: String, value: [UInt8]?) {
        self.key = key
        self.value = value
    }

    /// A header whose value is the UTF-8 bytes of `value`.
    package init(key: String, string value: String) {
        self.key = key
        self.value = Array(value.utf8)
    }
}
