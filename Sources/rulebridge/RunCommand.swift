import ArgumentParser
import Logging
import Rules
import StreamProcessing

/// The engine as a service: Kafka in, Kafka out, exactly once.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Consume input topics in a consumer group, apply the rules, produce actions.",
        discussion: """
            Settings come from --config (see rulebridge.yaml, which documents every key); flags override the file. \
            SIGTERM or SIGINT drains: stop fetching, finish and commit in-flight work, exit 0. SIGHUP (or a change \
            under the rules directory) reloads the rules; invalid rules are rejected and the running ones stay. \
            Serves /metrics, /healthz and /readyz over HTTP.
            """
    )

    @Option(help: "Configuration file (YAML).")
    var config: String?

    @Option(help: "Kafka bootstrap servers.")
    var brokers: String?

    @Option(help: "Directory of rule files.")
    var rules: String?

    @Option(name: .customLong("input-topic"), help: "Topic to consume (repeatable).")
    var inputTopics: [String] = []

    @Option(help: "Topic for action events.")
    var outputTopic: String?

    @Option(help: "Topic for SNS-style notifications.")
    var notificationTopic: String?

    @Option(help: "Topic for records that cannot be processed.")
    var deadLetterTopic: String?

    @Option(help: "Compacted topic for engine state.")
    var changelogTopic: String?

    @Option(help: "Consumer group.")
    var group: String?

    @Option(help: "This engine's stable name in the group (names its transactional producer).")
    var instanceID: String?

    @Option(help: "exactly-once or at-least-once.")
    var guarantee: String?

    @Option(help: "Move a partition's event time to the wall clock after it has been idle this long (e.g. 1m), so breakers close without events.")
    var idleAdvance: String?

    @Option(help: "HTTP listen address for /metrics, /healthz, /readyz (host:port; port 0 picks one).")
    var http: String?

    @Option(help: "text or json.")
    var logFormat: String?

    func resolved() throws -> RunConfiguration {
        var c = try config.map(RunConfiguration.load) ?? RunConfiguration()
        if let brokers { c.brokers = brokers }
        if let rules { c.rules = rules }
        if !inputTopics.isEmpty { c.inputTopics = inputTopics }
        if let outputTopic { c.outputTopic = outputTopic }
        if let notificationTopic { c.notificationTopic = notificationTopic }
        if let deadLetterTopic { c.deadLetterTopic = deadLetterTopic }
        if let changelogTopic { c.changelogTopic = changelogTopic }
        if let group { c.group = group }
        if let instanceID { c.instanceID = instanceID }
        if let guarantee {
            guard let g = RunConfiguration.Guarantee(rawValue: guarantee) else {
                throw ValidationError("--guarantee must be exactly-once or at-least-once")
            }
            c.guarantee = g
        }
        if let idleAdvance {
            guard let ms = DurationSyntax.milliseconds(idleAdvance) else { throw ValidationError("--idle-advance must be a duration such as 30s or 1m") }
            c.idleAdvance = ms
        }
        if let http { c.httpListen = http }
        if let logFormat {
            guard let f = RunConfiguration.LogFormat(rawValue: logFormat) else { throw ValidationError("--log-format must be text or json") }
            c.logFormat = f
        }
        return c
    }

    func run() async throws {
        let c = try resolved()
        let format = c.logFormat
        let level = Logger.Level(rawValue: c.logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var h = LogLineHandler(label: label, format: format)
            h.logLevel = level
            return h
        }
        let logger = Logger(label: "rulebridge")
        let ruleSet: RuleSet
        do {
            ruleSet = try RuleSet.load(directory: c.rules)
        } catch {
            for e in error.errors { writeStandardError("\(e)\n") }
            throw ExitCode(1)
        }
        do {
            try await RunService(configuration: c, ruleSet: ruleSet, logger: logger).run()
        } catch {
            logger.critical("stopped on error: \(error)")
            throw ExitCode(1)
        }
    }
}
