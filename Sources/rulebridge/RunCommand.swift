import ArgumentParser
import Logging
import Rules
import StreamProcessing

/// The engine as a service: Kafka in, Kafka out, exactly once.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Consume input topics in a consumer group, apply the rules, produce actions.",
        usage: "rulebridge run [--config FILE] [--SETTING VALUE]...",
        discussion: """
            Settings come from --config (rulebridge.yaml documents every key with its default); a flag overrides \
            the file. SIGTERM or SIGINT drains: stop fetching, finish and commit in-flight work, exit 0. SIGHUP \
            (or a change under the rules directory) reloads the rules; invalid rules are rejected and the running \
            ones stay. Serves /metrics, /healthz and /readyz over HTTP.

            SETTINGS:
            \(RunSettings.helpText)
            """
    )

    @Option(help: "Configuration file (YAML).")
    var config: String?

    /// `--SETTING VALUE` pairs, read by RunConfiguration from the settings' declarations.
    @Argument(parsing: .allUnrecognized, help: .hidden)
    var settings: [String] = []

    func validate() throws {
        _ = try resolved()
    }

    func resolved() throws -> RunConfiguration {
        var c = try config.map(RunConfiguration.load) ?? RunConfiguration()
        do {
            try c.apply(flags: settings)
        } catch let error as ConfigError {
            throw ValidationError(error.description)
        }
        return c
    }

    func run() async throws {
        let c = try resolved()
        let (format, level) = (c.logFormat, c.logLevel)
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
