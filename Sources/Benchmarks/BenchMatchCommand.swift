import ArgumentParser
import EventPatterns
import Events
import Foundation
import StreamProcessing

/// Times what a consumer does per record: raw JSON bytes in, matched pattern
/// names out (scan + envelope + match), over events already in memory.
struct BenchMatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "match",
        abstract: "Events per second through decoding and pattern matching.",
        discussion: """
            With --events and --patterns: the events file is JSON Lines of events, the patterns file JSON Lines \
            {"name": ..., "pattern": {...}}. Prints `events/s` (median of passes), `matches` (sum over events \
            of matched patterns) and `MB/s`.

            With no files: generates a deterministic corpus of capacity events and 10, 100, 1,000 and 10,000 \
            patterns using every operator, prints one row per size and the ratio of time per event at 10,000 \
            patterns to time at 10.
            """
    )

    @Option(help: "JSON Lines file of events.")
    var events: String?

    @Option(help: "JSON Lines file of {\"name\",\"pattern\"} objects.")
    var patterns: String?

    @Option(help: "Timed passes over the events; the median is reported.")
    var passes = 5

    @Option(help: "Events to generate when no files are given.")
    var generatedEvents = 50_000

    @Flag(help: "Also count matches with the plain reference evaluator and fail if the counts differ.")
    var verify = false

    func validate() throws {
        if (events == nil) != (patterns == nil) { throw ValidationError("Give both --events and --patterns, or neither.") }
        if passes < 1 { throw ValidationError("--passes must be at least 1.") }
    }

    func run() throws {
        #if DEBUG
        printError("warning: this is a debug build; figures mean little (use swift build -c release)")
        #endif
        if let events, let patterns {
            let corpus = try EventCorpus(contentsOf: events)
            let named = try NamedPattern.load(contentsOf: patterns)
            let result = try MatchBenchmark(corpus: corpus, patterns: named.map(\.pattern)).run(passes: passes)
            print("events: \(corpus.count)  patterns: \(named.count)  passes: \(passes)")
            print("events/s: \(Int(result.eventsPerSecond))")
            print("matches: \(result.matches)")
            print("MB/s: \(String(format: "%.1f", result.megabytesPerSecond))")
            if verify { try checkAgainstReference(corpus, named.map(\.pattern), result.matches) }
            return
        }
        let generator = BenchCorpusGenerator(seed: 7)
        let corpus = EventCorpus(lines: generator.events(count: generatedEvents))
        print("generated corpus: \(corpus.count) events, \(corpus.byteCount / corpus.count) bytes/event on average, \(passes) passes, median")
        print("patterns   events/s   ns/event   matches      MB/s")
        var nanos: [Int: Double] = [:]
        for size in [10, 100, 1_000, 10_000] {
            let patterns = generator.patterns(count: size)
            let result = try MatchBenchmark(corpus: corpus, patterns: patterns).run(passes: passes)
            nanos[size] = 1e9 / result.eventsPerSecond
            print(
                String(size).leftPadded(8), String(Int(result.eventsPerSecond)).leftPadded(10),
                String(format: "%.0f", 1e9 / result.eventsPerSecond).leftPadded(10),
                String(result.matches).leftPadded(9), String(format: "%.1f", result.megabytesPerSecond).leftPadded(9))
            if verify { try checkAgainstReference(corpus, patterns, result.matches) }
        }
        print(String(format: "time per event at 10,000 patterns / at 10: %.2f", nanos[10_000]! / nanos[10]!))
    }

    private func checkAgainstReference(_ corpus: EventCorpus, _ patterns: [EventPattern], _ matches: Int) throws {
        var expected = 0
        for i in 0..<corpus.count {
            let event = try JSONValue.parse(Array(corpus.line(i)))
            for p in patterns where ReferenceMatcher.matches(p, event: event) { expected += 1 }
        }
        guard expected == matches else {
            printError("reference evaluator counts \(expected) matches, compiled matcher \(matches)")
            throw ExitCode(1)
        }
        print("verified: reference evaluator also counts \(expected) matches")
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
