import Dispatch
import KafkaIO

/// The compacted topic that holds each input partition's engine state: its
/// partition N holds the state of input partition N of every input topic,
/// keyed `<input topic>|<state key>`, and the partition's next input offset
/// as one more entry, so a restored partition starts exactly where its state
/// ends.
struct StateChangelog {
    let topic: String
    let kafka: KafkaConfiguration
    /// librdkafka wants a group id even for manual assignment; this one never commits.
    let readerGroup: String

    /// The entry holding the next input offset of a partition.
    static let offsetEntry = #"["offset"]"#

    static func key(_ inputTopic: String, _ entry: String) -> String { inputTopic + "|" + entry }

    /// Produces a batch's state changes, then its input positions, in a stable order.
    func write(
        changes: [(partition: KafkaTopicPartition, entries: [(key: String, value: [UInt8]?)])],
        offsets: [KafkaPartitionOffset], to producer: KafkaProducer
    ) throws {
        for (tp, entries) in changes.sorted(by: { $0.partition.description < $1.partition.description }) {
            for (key, value) in entries {
                try producer.produce(topic: topic, partition: tp.partition, key: Array(Self.key(tp.topic, key).utf8), value: value)
            }
        }
        for o in offsets.sorted(by: { $0.description < $1.description }) {
            try producer.produce(
                topic: topic, partition: o.partition,
                key: Array(Self.key(o.topic, Self.offsetEntry).utf8), value: Array(String(o.offset).utf8))
        }
    }

    /// The latest value of every state entry of `tp` (nil for a deleted one),
    /// and the input offset stored with them.
    func read(_ tp: KafkaTopicPartition) throws -> (entries: [(key: String, value: [UInt8]?)], offset: Int64?) {
        let reader = try KafkaConsumer(configuration: KafkaConsumerConfiguration(
            kafka: kafka, groupID: readerGroup, isolationLevel: .readCommitted, reportsEndOfPartition: true))
        defer { try? reader.close() }
        let marks = try reader.watermarks(topic: topic, partition: tp.partition)
        guard marks.high > marks.low else { return ([], nil) }
        try reader.assign([KafkaPartitionOffset(topic: topic, partition: tp.partition, offset: marks.low)])
        var latest: [String: [UInt8]?] = [:]
        let prefix = Self.key(tp.topic, "")
        let deadline = DispatchTime.now().uptimeNanoseconds + 60_000_000_000
        reading: while DispatchTime.now().uptimeNanoseconds < deadline {
            switch try reader.pollEvent(timeout: .milliseconds(200)) {
            case .message(let m)?:
                guard let key = m.key.map({ String(decoding: $0, as: UTF8.self) }), key.hasPrefix(prefix) else { continue }
                latest[String(key.dropFirst(prefix.count))] = .some(m.value)
                if m.offset + 1 >= marks.high { break reading }
            case .endOfPartition?:
                break reading
            case nil:
                continue
            }
        }
        let offset = latest.removeValue(forKey: Self.offsetEntry).flatMap { $0 }.flatMap { Int64(String(decoding: $0, as: UTF8.self)) }
        return (latest.map { ($0.key, $0.value) }, offset)
    }
}
