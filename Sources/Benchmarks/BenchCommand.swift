import ArgumentParser

/// Benchmarks print figures; they are commands, never timed tests. Run them
/// from a release build (`make bench`, or `swift build -c release`).
package struct BenchCommand: ParsableCommand {
    package static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure throughput (run from a release build).",
        subcommands: [BenchMatchCommand.self, BenchReplayCommand.self, BenchKafkaCommand.self]
    )

    package init() {}
}
