import ArgumentParser
import KafkaIO
import Rules
import StreamProcessing
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Shows what the rules would have done with a recorded stream. Needs no
/// broker; the output depends only on the rules and the input, byte for byte.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay JSON Lines event files through the rules and print the records they produce.",
        discussion: """
            Prints one JSON object per output record on stdout: \
            {"topic": "actions"|"notifications"|"dead-letter", "key": …, "headers": {…}, "value": "<record value>"}. \
            Malformed lines become dead-letter records. A summary goes to stderr at the end. \
            With --brokers, the records are produced to Kafka instead (actions to --topic, notifications and dead \
            letters to their topics), with the keys and headers `run` gives them.
            """
    )

    @Option(help: "Directory of rule files.")
    var rules = "rules"

    @Argument(help: "JSON Lines files of events, replayed in order; '-' reads stdin.")
    var files: [String] = ["-"]

    @Flag(help: "Do not print the summary on stderr.")
    var quiet = false

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case jsonl, text
    }

    @Option(help: "jsonl: the records as DESIGN.md defines them; text: one readable line per record.")
    var format = Format.jsonl

    @Option(help: "Produce the records to Kafka at these bootstrap servers instead of printing them.")
    var brokers: String?

    // The same topics as `run`'s, unless told otherwise.
    @Option(help: "With --brokers: the topic for action events.")
    var topic = RunSettings.outputTopic.defaultValue

    @Option(help: "With --brokers: the topic for notifications.")
    var notificationTopic = RunSettings.notificationTopic.defaultValue

    @Option(help: "With --brokers: the topic for dead letters.")
    var deadLetterTopic = RunSettings.deadLetterTopic.defaultValue

    func run() throws {
        let engine = try loadEngine(rules)
        let progress = isatty(STDERR_FILENO) == 1 && !quiet
        var output = BufferedOutput()
        let sink = try brokers.map { b in
            OutputSink(
                producer: try KafkaProducer(configuration: KafkaProducerConfiguration(kafka: KafkaConfiguration(bootstrapServers: b))),
                topics: OutputTopics(actions: topic, notifications: notificationTopic, deadLetter: deadLetterTopic))
        }
        var produced = 0
        for path in files {
            let reader = try LineReader(path: path)
            while let line = reader.next() {
                if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
                for record in engine.process(Array(line)) {
                    if let sink {
                        try sink.produce(record)
                        produced += 1
                        continue
                    }
                    output.write(format == .jsonl ? record.jsonLine : record.textLine)
                    output.write("\n")
                }
                if progress && engine.summary.eventsRead % 100_000 == 0 {
                    writeStandardError("\r\(engine.summary.eventsRead) events…")
                }
            }
        }
        output.flush()
        // Every record acknowledged, or the failure reported: nothing is dropped silently.
        try sink?.producer.flush(timeout: .seconds(60))
        if progress && engine.summary.eventsRead >= 100_000 { writeStandardError("\r") }
        if !quiet {
            for line in engine.summary.lines { writeStandardError(line + "\n") }
            if let brokers { writeStandardError("produced to Kafka at \(brokers): \(produced) records\n") }
        }
    }
}

/// Loads and validates rules, or prints every error and exits 1.
func loadEngine(_ directory: String) throws -> RuleEngine {
    do {
        return try RuleEngine(ruleSet: try RuleSet.load(directory: directory))
    } catch let errors as RuleErrors {
        for e in errors.errors { writeStandardError("\(e)\n") }
        throw ExitCode(1)
    }
}

/// stdout through one large buffer: replay writes many short lines.
struct BufferedOutput {
    private var buffer: [UInt8] = []

    mutating func write(_ s: String) {
        buffer.append(contentsOf: s.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    mutating func flush() {
        buffer.withUnsafeBytes { writeAll(1, $0) }
        buffer.removeAll(keepingCapacity: true)
    }
}
