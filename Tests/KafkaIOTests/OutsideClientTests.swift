import Foundation
import KafkaIO
import RulebridgeTestSupport
import Testing

/// Interoperability with an independent client (`kcat`, a separate process and its own
/// librdkafka instance) over real TCP.
@Suite("kcat as an outside client", .timeLimit(.minutes(1)))
struct OutsideClientTests {
    @Test("records produced by kcat are consumed with their keys and headers")
    func kcatProducesKafkaConsumerReads() async throws {
        let topic = uniqueTopic("from-kcat")
        let (result, received) = try await onDedicatedThread { () -> (ProgramResult, [KafkaMessage]) in
            let broker = try EmbeddedBroker()
            defer { broker.stop() }
            try broker.createTopic(topic, partitions: 1)
            let result = try ExternalProcess.run(ExternalProcess.kcat, [
                "-P", "-b", broker.bootstrapServers, "-t", topic, "-K", "|", "-H", "source=kcat",
            ], stdin: "i-1|{\"n\":1}\ni-2|{\"n\":2}\ni-1|{\"n\":3}\n")
            guard result.status == 0 else { return (result, []) }
            let consumer = try reader(broker)
            defer { try? consumer.close() }
            try consumer.assign([KafkaPartitionOffset(topic: topic, partition: 0, offset: KafkaOffset.beginning)])
            return (result, try consume(consumer, count: 3))
        }
        try #require(result.status == 0, "kcat -P failed: \(result.stderr)")
        #expect(received.map { text($0.key) } == ["i-1", "i-2", "i-1"])
        #expect(received.map { text($0.value) } == ["{\"n\":1}", "{\"n\":2}", "{\"n\":3}"])
        #expect(received.allSatisfy { text($0.header("source")) == "kcat" })
    }

    @Test("records produced by KafkaProducer are read by kcat")
    func kafkaProducerWritesKcatReads() async throws {
        let topic = uniqueTopic("to-kcat")
        let result = try await onDedicatedThread { () -> ProgramResult in
            let broker = try EmbeddedBroker()
            defer { broker.stop() }
            try broker.createTopic(topic, partitions: 1)
            let producer = try producer(broker)
            for i in 1...3 {
                try producer.produce(topic: topic, key: [UInt8]("k\(i)"), value: [UInt8]("v\(i)"), headers: [KafkaHeader(key: "h", string: "\(i)")])
            }
            try producer.flush()
            return try ExternalProcess.run(ExternalProcess.kcat, [
                "-C", "-b", broker.bootstrapServers, "-t", topic, "-o", "beginning", "-e", "-q",
                "-f", "%k=%s;%h\n",
            ])
        }
        #expect(result.status == 0, "kcat -C failed: \(result.stderr)")
        #expect(result.stdout == "k1=v1;h=1\nk2=v2;h=2\nk3=v3;h=3\n")
    }

    @Test("`rulebridge broker` prints a bootstrap line that kcat accepts, pre-creates topics, and exits 0 on SIGTERM")
    func brokerCommandServesKcat() async throws {
        let (line, metadata, status) = try await onDedicatedThread { () -> (String, ProgramResult, Int32) in
            let scratch = try ScratchDirectory()
            let broker = try ChildProcess(
                name: "broker", executable: ExternalProcess.rulebridge, arguments: ["broker", "--topic", "capacity-events", "--partitions", "3"],
                directory: scratch.url)
            defer { broker.forceStop() }
            // The first line, once it is complete.
            let deadline = ContinuousClock.now + .seconds(20)
            var line = ""
            while ContinuousClock.now < deadline, broker.isRunning {
                if let newline = broker.stdout.firstIndex(of: "\n") {
                    line = String(broker.stdout[..<newline])
                    break
                }
                usleep(20_000)
            }
            let metadata = try ExternalProcess.run(ExternalProcess.kcat, ["-L", "-b", line, "-t", "capacity-events"], timeout: .seconds(10))
            broker.signal(SIGTERM)
            let end = try broker.waitForExitBlocking(timeout: .seconds(10))
            return (line, metadata, end.signaled ? -1 : end.status)
        }
        #expect(line.wholeMatch(of: /(127\.0\.0\.1|localhost):\d+(,(127\.0\.0\.1|localhost):\d+)*/) != nil, "bootstrap line: \(line)")
        #expect(metadata.status == 0, "kcat -L failed: \(metadata.stderr)")
        #expect(metadata.stdout.contains("topic \"capacity-events\" with 3 partitions"))
        #expect(status == 0)
    }
}
