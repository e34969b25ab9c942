/// A record's timestamp, in milliseconds since the Unix epoch.
package struct KafkaTimestamp: Hashable, Sendable {
    package enum Kind: Hashable, Sendable {
        /// Set by the producer (the default topic setting).
        case createTime
        /// Set by the broker when it appended the record.
        case logAppendTime
    }

    package var milliseconds: Int64
    package var kind: Kind

    package init(milliseconds: Int64, kind: Kind) {
        self.milliseconds = milliseconds
        self.kind = kind
    }
}
