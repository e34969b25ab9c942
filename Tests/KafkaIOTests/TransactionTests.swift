import KafkaIO
import RulebridgeTestSupport
import Testing

/// Transactions against librdkafka 2.0.2's mock cluster. The mock accepts every
/// transactional request but implements little behind them (see ``EmbeddedBroker``):
/// no commit/abort markers, and TxnOffsetCommit stores nothing. Where a test meets
/// that, the expectation is wrapped in `withKnownIssue` — it becomes a failure the day
/// the mock gains the feature, so the test is then tightened — and the test asserts the
/// strongest property that still holds.
@Suite("Transactions", .timeLimit(.minutes(1)))
struct TransactionTests {
    @Test("a read_committed consumer sees committed transactions and not aborted ones")
    func committedRecordsAreVisibleAndAbortedOnesAreNot() async throws {
        let topic = uniqueTopic("txn-output")
        let values = try await onDedicatedThread { () -> [String] in
            let broker = try EmbeddedBroker()
            defer { broker.stop() }
            try broker.createTopic(topic, partitions: 1)
            let producer = try producer(broker, transactionalID: "txn-\(topic)")
            try ensure(producer.isTransactional, "transactional")
            try producer.initTransactions(timeout: .seconds(10))

            try producer.beginTransaction()
            try producer.produce(topic: topic, key: [UInt8]("k"), value: [UInt8]("committed-1"))
            try producer.commitTransaction()

            try producer.beginTransaction()
            try producer.produce(topic: topic, key: [UInt8]("k"), value: [UInt8]("aborted-1"))
            try producer.flush()  // written to the log, so only the abort can hide it
            try producer.abortTransaction()

            try producer.beginTransaction()
            try producer.produce(topic: topic, key: [UInt8]("k"), value: [UInt8]("committed-2"))
            try producer.commitTransaction()

            let consumer = try reader(broker, isolation: .readCommitted)
            defer { try? consumer.close() }
            try consumer.assign([KafkaPartitionOffset(topic: topic, partition: 0, offset: KafkaOffset.beginning)])
            return try consume(consumer) { $0.contains { text($0.value) == "committed-2" } }
                .compactMap { text($0.value) }
        }

        // What holds on the mock too: every committed record arrives, in order.
        #expect(values.filter { $0.hasPrefix("committed") } == ["committed-1", "committed-2"])
        withKnownIssue("librdkafka 2.0.2's mock cluster writes no abort markers, so read_committed consumers also see aborted records") {
            #expect(!values.contains("aborted-1"))
        }
    }

    @Test("offsets sent to a transaction are where a new group member resumes")
    func sentOffsetsAreCommittedForTheGroup() async throws {
        let input = uniqueTopic("txn-input"), output = uniqueTopic("txn-actions")
        let group = uniqueTopic("engine")
        let (outputs, committed, resumedAt) = try await onDedicatedThread { () -> ([String], [KafkaPartitionOffset], Int64?) in
            let broker = try EmbeddedBroker()
            defer { broker.stop() }
            try broker.createTopic(input, partitions: 1)
            try broker.createTopic(output, partitions: 1)
            let plain = try producer(broker)
            for i in 0..<3 { try plain.produce(topic: input, value: [UInt8]("event-\(i)")) }
            try plain.flush()

            let consumer = try groupConsumer(broker, group: group)
            try consumer.subscribe(topics: [input])
            let events = try consume(consumer, count: 3)
            try ensure(events.count == 3, "3 input events, got \(events.count)")

            let producer = try producer(broker, transactionalID: "engine-\(input)")
            try producer.initTransactions(timeout: .seconds(10))
            try producer.beginTransaction()
            for event in events {
                try producer.produce(topic: output, key: event.key, value: [UInt8]("action-for-\(text(event.value) ?? "")"))
            }
            try producer.sendOffsetsToTransaction(events.map(\.nextOffset), consumer: consumer)
            try producer.commitTransaction()

            let tp = KafkaTopicPartition(topic: input, partition: 0)
            let committed = try consumer.committed([tp])
            try consumer.close()

            // A new member of the same group starts where the group's offsets say.
            let successor = try groupConsumer(broker, group: group)
            defer { try? successor.close() }
            try successor.subscribe(topics: [input])
            try plain.produce(topic: input, value: [UInt8]("event-3"))
            try plain.flush()
            let resumed = try consume(successor, count: 1, timeout: .seconds(15)).first?.offset

            let outputReader = try reader(broker)
            defer { try? outputReader.close() }
            try outputReader.assign([KafkaPartitionOffset(topic: output, partition: 0, offset: KafkaOffset.beginning)])
            let outputs = try consume(outputReader, count: 3).compactMap { text($0.value) }
            return (outputs, committed, resumed)
        }

        // What holds on the mock too: the transaction (AddOffsetsToTxn, TxnOffsetCommit,
        // EndTxn included) completes and its records are there.
        #expect(outputs == ["action-for-event-0", "action-for-event-1", "action-for-event-2"])
        withKnownIssue("librdkafka 2.0.2's mock cluster acknowledges TxnOffsetCommit without storing the offsets") {
            #expect(committed == [KafkaPartitionOffset(topic: input, partition: 0, offset: 3)])
            #expect(resumedAt == 3)
        }
    }

    @Test("a failed transactional offset commit requires an abort, after which the next transaction commits")
    func failedOffsetCommitRequiresAbort() async throws {
        let input = uniqueTopic("txn-input"), output = uniqueTopic("txn-actions")
        let (failure, recovered) = try await onDedicatedThread { () -> (KafkaError?, [String]) in
            let broker = try EmbeddedBroker()
            defer { broker.stop() }
            try broker.createTopic(output, partitions: 1)
            // Group metadata is all send_offsets_to_transaction needs; no join required.
            let consumer = try groupConsumer(broker, group: "g-\(input)")
            defer { try? consumer.close() }
            let producer = try producer(broker, transactionalID: "tx-\(input)")
            try producer.initTransactions(timeout: .seconds(10))

            try producer.beginTransaction()
            try producer.produce(topic: output, value: [UInt8]("lost"))
            try broker.pushRequestErrors(apiKey: .transactionOffsetCommit, errors: [.groupAuthorizationFailed])
            var failure: KafkaError?
            do {
                try producer.sendOffsetsToTransaction([KafkaPartitionOffset(topic: input, partition: 0, offset: 1)], consumer: consumer)
                try producer.commitTransaction()
            } catch let error as KafkaError {
                failure = error
                try producer.abortTransaction()
            }

            try producer.beginTransaction()
            try producer.produce(topic: output, value: [UInt8]("kept"))
            try producer.sendOffsetsToTransaction([KafkaPartitionOffset(topic: input, partition: 0, offset: 1)], consumer: consumer)
            try producer.commitTransaction()

            let outputReader = try reader(broker)
            defer { try? outputReader.close() }
            try outputReader.assign([KafkaPartitionOffset(topic: output, partition: 0, offset: KafkaOffset.beginning)])
            return (failure, try consume(outputReader) { $0.contains { text($0.value) == "kept" } }.compactMap { text($0.value) })
        }

        let error = try #require(failure, "the injected TxnOffsetCommit error must surface")
        #expect(error.code == .groupAuthorizationFailed)
        #expect(error.name == "GROUP_AUTHORIZATION_FAILED")
        #expect(error.transactionRequiresAbort)
        #expect(!error.isFatal)
        #expect(recovered.last == "kept")
    }
}
