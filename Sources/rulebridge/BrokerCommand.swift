import ArgumentParser
import KafkaIO
import Logging
import ServiceLifecycle
import StreamProcessing

/// `rulebridge broker`: a Kafka-protocol broker in this process for development and the
/// test suite (librdkafka's mock cluster). Prints the bootstrap servers as the first
/// line on stdout, so a script can read one line and connect; runs until SIGINT or
/// SIGTERM and exits 0.
struct BrokerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "broker",
        abstract: "Start an embedded Kafka-protocol broker for development and tests (not for production).",
        discussion: """
            Runs librdkafka's in-memory mock cluster on random loopback ports and prints \
            its bootstrap servers (host:port[,host:port…]) as the first line on stdout, \
            then runs until SIGINT or SIGTERM and exits 0.

            It is for local development and tests only, not for production: nothing is \
            persisted, each partition keeps only about 5 MB, topics are not compacted, \
            and transactions are accepted but not isolated (read_committed consumers \
            also see aborted records). Topics not created with --topic are created on \
            first use with 4 partitions.
            """
    )

    @Option(help: "Partitions for each topic created with --topic.")
    var partitions = 4

    @Option(help: "Number of brokers in the cluster.")
    var brokers = 1

    @Option(name: .customLong("topic"), help: "Create this topic at start (repeatable).")
    var topics: [String] = []

    func validate() throws {
        guard partitions >= 1 else { throw ValidationError("--partitions must be at least 1") }
        guard brokers >= 1 else { throw ValidationError("--brokers must be at least 1") }
    }

    func run() async throws {
        let broker = try EmbeddedBroker(brokers: brokers)
        for topic in topics {
            try broker.createTopic(topic, partitions: partitions, replicationFactor: min(brokers, 3))
        }
        try await runUntilShutdownSignal([.init(service: BrokerService(broker: broker), serviceName: "broker")], logger: Logger(label: "rulebridge"))
    }
}

/// Announces the broker, holds it until the shutdown signal, then stops it.
private struct BrokerService: Service {
    let broker: EmbeddedBroker

    func run() async throws {
        // Printed once the service group traps the signals, so that a script may stop the
        // broker as soon as it has read the line.
        var line = broker.bootstrapServers + "\n"
        line.withUTF8 { writeAll(1, UnsafeRawBufferPointer($0)) }
        try? await gracefulShutdown()
        broker.stop()
    }
}
