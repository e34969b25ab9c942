import ArgumentParser
import Foundation
import Rules
import StreamProcessing

/// Throughput of the whole replay path (decode, match, state, actions,
/// output encoding) and whether memory stays flat as the stream grows.
struct BenchReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Events per second through the replay path, and memory over a long stream.",
        discussion: """
            Two runs: the long sample (samples/fleet-day.jsonl, default rules), and a generated fleet stream \
            (bounded key space) through the default rules plus generated stateless rules. Output records are \
            encoded as replay prints them, then discarded.
            """
    )

    @Option(help: "Directory of rule files.")
    var rules = "rules"

    @Option(help: "The long sample to replay first.")
    var sample = "samples/fleet-day.jsonl"

    @Option(help: "Events in the generated stream.")
    var events = 1_000_000

    @Option(help: "Generated stateless rules added to the default rules.")
    var statelessRules = 1_000

    @Option(help: "Timed passes over the sample; the median is reported.")
    var passes = 5

    func run() throws {
        #if DEBUG
        printError("warning: this is a debug build; figures mean little (use swift build -c release)")
        #endif
        let files = try RuleSet.ruleFiles(in: rules).map { (path: $0, text: try String(contentsOfFile: $0, encoding: .utf8)) }
        let defaults = try RuleSet.parse(files: files)

        let lines = try EventCorpus(contentsOf: sample)
        var rates: [Double] = []
        var records = 0
        for _ in 0..<passes {
            let engine = try RuleEngine(ruleSet: defaults)
            var bytes = 0
            let start = DispatchTime.now().uptimeNanoseconds
            for i in 0..<lines.count {
                for r in engine.process(Array(lines.line(i))) { bytes += r.jsonLine.utf8.count }
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            rates.append(Double(lines.count) / seconds)
            records = engine.summary.actionsByType.values.reduce(0, +) + engine.summary.deadLetteredByReason.values.reduce(0, +)
            _ = bytes
        }
        rates.sort()
        print("\(sample): \(lines.count) events, \(defaults.rules.count) rules, \(records) records out")
        print("  events/s: \(Int(rates[rates.count / 2])) (median of \(passes); min \(Int(rates.first!)), max \(Int(rates.last!)))")

        let generated = try RuleSet.parse(files: files + [(path: "generated.yaml", text: FleetStreamGenerator.statelessRules(count: statelessRules))])
        let engine = try RuleEngine(ruleSet: generated)
        var generator = FleetStreamGenerator(seed: 11)
        var busy: UInt64 = 0
        var produced = 0
        let chunk = 10_000
        print("generated stream: \(events) events, \(generated.rules.count) rules (\(defaults.rules.count) default + \(statelessRules) stateless)")
        print("  events      events/s(cumulative)  resident MB")
        var done = 0
        while done < events {
            let n = min(chunk, events - done)
            let batch = (0..<n).map { _ in Array(generator.next().utf8) }
            let start = DispatchTime.now().uptimeNanoseconds
            for e in batch {
                for r in engine.process(e) { produced += r.jsonLine.utf8.count }
            }
            busy += DispatchTime.now().uptimeNanoseconds - start
            done += n
            if done % (events / 4 < chunk ? chunk : events / 4 / chunk * chunk) == 0 || done == events {
                print("  \(String(done).leftPadded(9))  \(String(Int(Double(done) / (Double(busy) / 1e9))).leftPadded(20))  \(String(format: "%11.1f", Memory.residentMegabytes()))")
            }
        }
        print("  events/s: \(Int(Double(events) / (Double(busy) / 1e9)))   peak resident: \(String(format: "%.1f", Memory.peakMegabytes())) MB   output: \(produced / 1_000_000) MB of records")
        let s = engine.summary
        print("  matched \(s.eventsMatched), actions \(s.actionsByType.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))")
    }
}

enum Memory {
    /// Current resident set, from /proc (Linux).
    static func residentMegabytes() -> Double {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
              let pages = text.split(separator: " ").dropFirst().first.flatMap({ Double($0) }) else { return 0 }
        return pages * Double(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
    }

    static func peakMegabytes() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }
}
