import ArgumentParser
import Benchmarks

@main
struct Rulebridge: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rulebridge",
        abstract: "A rules engine for cloud capacity events (EventBridge patterns over Kafka).",
        subcommands: [
            RunCommand.self, ReplayCommand.self, ValidateCommand.self, TestCommand.self,
            TestEventPatternCommand.self, BenchCommand.self, BrokerCommand.self,
        ]
    )
}
