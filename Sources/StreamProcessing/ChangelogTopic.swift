import Dispatch
import KafkaIO
import Rules

/// The compacted topic that holds each input partition's engine state: its
/// partition N holds the state of input partition N of every input topic, in
/// the record format `StateChangelog` (Rules) owns, so a restored partition
/// starts exactly where its state ends. This type only writes and reads it.
struct ChangelogTopic {
    let topic: String
    let kafka: KafkaConfiguration
    /// librdkafka wants a group id even for manual assignment; this one never commits.
    let readerGroup: String

    /// Produces a batch's state changes, then its input positions, in a stable order.
    func write(
        changes: [(partition: KafkaTopicPartition, entries: [(key: String, value: [UInt8]?)])],
        offsets: [KafkaPartitionOffset], to producer: KafkaProducer
    ) throws {
        for (tp, entries) in changes.sorted(by: { $0.partition.description < $1.partition.description }) {
            for (key, value) in entries {
                try producer.produce(topic: topic, partition: tp.partition, key: Array(StateChangelog.recordKey(inputTopic: tp.topic, entry: key).utf8), value: value)
            }
        }
        for o in offsets.sorted(by: { $0.description < $1.description }) {
            try producer.produce(
                topic: topic, partition: o.partition,
                key: Array(StateChangelog.recordKey(inputTopic: o.topic, entry: StateChangelog.offsetEntry).utf8),
                value: StateChangelog.offsetValue(o.offset))
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
        let deadline = DispatchTime.now().uptimeNanoseconds + 60_000_000_000
        reading: while DispatchTime.now().uptimeNanoseconds < deadline {
            switch try reader.pollEvent(timeout: .milliseconds(200)) {
            case .message(let m)?:
                guard let key = m.key.flatMap({ StateChangelog.entry(ofRecordKey: String(decoding: $0, as: UTF8.self), inputTopic: tp.topic) })
                else { continue }
                latest[key] = .some(m.value)
                if m.offset + 1 >= marks.high { break reading }
            case .endOfPartition?:
                break reading
            case nil:
                continue
            }
        }
        let offset = StateChangelog.offset(fromValue: latest.removeValue(forKey: StateChangelog.offsetEntry) ?? nil)
        return (latest.map { ($0.key, $0.value) }, offset)
    }
}
