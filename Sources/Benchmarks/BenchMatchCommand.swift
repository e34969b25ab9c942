import ArgumentParser
import EventPatterns
import Events
import Foundation
import JSON
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
            of matched patterns), `MB/s`, the compile time and the resident memory.

            With --family: generates, for each count of --counts, that many patterns of one operator family \
            (exact, prefix, suffix, equals-ignore-case, wildcard, infix, anything-but, numeric, cidr, exists, \
            or, mix; `all` for every one) with operands taken from the events' own values, all on the family's \
            most frequent field and spread over all of its fields (--fields), and prints one row per set: \
            events/s, ns/event, matches, MB/s, compile time, patterns compiled per second and resident memory, \
            then the ratio of time per event at the largest count to the smallest. --write-patterns DIR also \
            writes each set as a patterns file, to run other engines on the same input.

            With neither: generates a deterministic corpus of capacity events and 10, 100, 1,000 and 10,000 \
            patterns using every operator, prints one row per size and the ratio of time per event at 10,000 \
            patterns to time at 10. --family runs on the same generated events unless --events is given.
            """
    )

    /// Which field layouts `--family` measures.
    enum FieldLayout: String, ExpressibleByArgument, CaseIterable {
        case one, spread, both
    }

    @Option(help: "JSON Lines file of events.")
    var events: String?

    @Option(help: "JSON Lines file of {\"name\",\"pattern\"} objects.")
    var patterns: String?

    @Option(help: "Operator family of generated patterns (repeatable; `all` for every family).")
    var family: [String] = []

    @Option(help: "Pattern counts for --family, comma-separated.")
    var counts = "10,1000,10000"

    @Option(help: "For --family: patterns on the family's most frequent field, spread over all its fields, or both.")
    var fields: FieldLayout = .both

    @Option(help: "For --family: directory to write each generated set to, as <family>-<one|spread>-<count>.jsonl.")
    var writePatterns: String?

    @Option(help: "Also write the events used (generated or read) to this file, one per line.")
    var writeEvents: String?

    @Option(help: "Timed passes over the events; the median is reported.")
    var passes = 5

    @Option(help: "Events to generate when no events file is given.")
    var generatedEvents = 50_000

    @Flag(help: "Also count matches with the plain reference evaluator and fail if the counts differ.")
    var verify = false

    func validate() throws {
        if patterns != nil && events == nil { throw ValidationError("--patterns needs --events.") }
        if patterns != nil && !family.isEmpty { throw ValidationError("Give --patterns or --family, not both.") }
        if events != nil && patterns == nil && family.isEmpty {
            throw ValidationError("--events needs --patterns or --family.")
        }
        for f in family where f != "all" && PatternFamily(rawValue: f) == nil {
            throw ValidationError(
                "Unknown family \"\(f)\" (expected all, \(PatternFamily.allCases.map(\.rawValue).joined(separator: ", "))).")
        }
        if parsedCounts.isEmpty { throw ValidationError("--counts must list positive numbers, e.g. 10,1000,10000.") }
        if passes < 1 { throw ValidationError("--passes must be at least 1.") }
    }

    private var parsedCounts: [Int] {
        let list = counts.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        return list.allSatisfy { $0 > 0 } ? list : []
    }

    func run() throws {
        #if DEBUG
        printError("warning: this is a debug build; figures mean little (use swift build -c release)")
        #endif
        if let events, let patterns {
            let corpus = try EventCorpus(contentsOf: events)
            let named = try NamedPattern.load(contentsOf: patterns)
            let bench = try MatchBenchmark(corpus: corpus, patterns: named.map(\.pattern))
            let result = try bench.run(passes: passes)
            print("events: \(corpus.count)  patterns: \(named.count)  passes: \(passes)")
            print("events/s: \(Int(result.eventsPerSecond))")
            print("matches: \(result.matches)")
            print("MB/s: \(String(format: "%.1f", result.megabytesPerSecond))")
            print("compile: \(String(format: "%.3f", bench.compileSeconds)) s")
            print(
                "validation-only scan of the same bytes:",
                String(format: "%.1f", try corpus.validationOnlyMegabytesPerSecond(passes: passes)), "MB/s")
            print(
                "resident: \(String(format: "%.1f", bench.residentMegabytes)) MB, of which the matcher",
                "\(String(format: "%.1f", bench.matcherMegabytes)) MB (peak \(String(format: "%.1f", Memory.peakMegabytes())) MB)")
            if verify { try checkAgainstReference(corpus, named.map(\.pattern), result.matches) }
            return
        }
        let generator = BenchCorpusGenerator(seed: 7)
        let corpus: EventCorpus
        if let events {
            corpus = try EventCorpus(contentsOf: events)
        } else {
            corpus = EventCorpus(lines: generator.events(count: generatedEvents))
        }
        if let writeEvents {
            let text = (0..<corpus.count).map { String(decoding: corpus.line($0), as: UTF8.self) }.joined(separator: "\n")
            try (text + "\n").write(toFile: writeEvents, atomically: true, encoding: .utf8)
        }
        if !family.isEmpty {
            try runFamilies(corpus)
            return
        }
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

    /// One row per (family, layout, count) with generated pattern sets.
    private func runFamilies(_ corpus: EventCorpus) throws {
        let families = family.contains("all") ? PatternFamily.allCases : family.compactMap(PatternFamily.init(rawValue:))
        let counts = parsedCounts
        if let writePatterns { try FileManager.default.createDirectory(atPath: writePatterns, withIntermediateDirectories: true) }
        print("corpus: \(corpus.count) events, \(corpus.byteCount / corpus.count) bytes/event on average, \(passes) passes, median")
        print(
            "validation-only scan of the same bytes:",
            String(format: "%.1f", try corpus.validationOnlyMegabytesPerSecond(passes: passes)), "MB/s")
        print("family               fields  patterns   events/s   ns/event    matches     MB/s  compile ms  patterns/s  RSS MB  matcher MB")
        for family in families {
            let generator = try FamilyPatternGenerator(family: family, corpus: corpus)
            if family != .mix && generator.fields.isEmpty {
                print("\(family.rawValue.padded(20))  (skipped: the events have none of its fields)")
                continue
            }
            // A family with one field (or the mix) has no spread layout of its own.
            let single = family == .mix || generator.fields.count == 1
            let layouts: [FieldLayout] = single ? [.one] : fields == .both ? [.one, .spread] : [fields]
            for layout in layouts {
                let spread = layout == .one ? 1 : max(1, generator.fields.count)
                var nanos: [Int: Double] = [:]
                for count in counts {
                    let texts = generator.patterns(count: count, spread: spread)
                    if let writePatterns {
                        let name = "\(family.rawValue)-\(layout == .one ? "one" : "spread")-\(count).jsonl"
                        let lines = texts.enumerated().map { #"{"name":"p\#($0.offset)","pattern":\#($0.element)}"# }
                        try (lines.joined(separator: "\n") + "\n").write(
                            toFile: (writePatterns as NSString).appendingPathComponent(name), atomically: true, encoding: .utf8)
                    }
                    let patterns = try texts.map { try EventPattern(json: $0) }
                    let bench = try MatchBenchmark(corpus: corpus, patterns: patterns)
                    let result = try bench.run(passes: passes)
                    nanos[count] = 1e9 / result.eventsPerSecond
                    print(
                        family.rawValue.padded(20), (family == .mix ? "mixed" : String(spread)).leftPadded(7),
                        String(count).leftPadded(9), String(Int(result.eventsPerSecond)).leftPadded(10),
                        String(format: "%.0f", 1e9 / result.eventsPerSecond).leftPadded(10),
                        String(result.matches).leftPadded(10), String(format: "%.1f", result.megabytesPerSecond).leftPadded(8),
                        String(format: "%.1f", bench.compileSeconds * 1e3).leftPadded(11),
                        String(Int(Double(count) / max(bench.compileSeconds, 1e-9))).leftPadded(11),
                        String(format: "%.1f", bench.residentMegabytes).leftPadded(7),
                        String(format: "%.1f", bench.matcherMegabytes).leftPadded(11))
                    if verify { try checkAgainstReference(corpus, patterns, result.matches) }
                }
                if let low = counts.min(), let high = counts.max(), low != high {
                    let fieldCount = family == .mix ? "mixed" : "\(spread)"
                    print(
                        "  \(family.rawValue) over \(fieldCount) field(s): time per event at \(high) patterns / at \(low):",
                        String(format: "%.2f", nanos[high]! / nanos[low]!))
                }
            }
        }
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

    func padded(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
