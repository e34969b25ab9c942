import EventPatterns
import Events
import Foundation

/// Events held in one contiguous buffer, the way a consumer sees record
/// values, so the benchmark measures decoding and not pointer chasing.
struct EventCorpus {
    private(set) var bytes: [UInt8] = []
    private(set) var ranges: [Range<Int>] = []

    init(lines: [String]) {
        for line in lines { append(Array(line.utf8)[...]) }
    }

    init(contentsOf path: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        for line in [UInt8](data).split(separator: UInt8(ascii: "\n")) where !line.isEmpty { append(line) }
    }

    private mutating func append(_ line: ArraySlice<UInt8>) {
        ranges.append(bytes.count..<bytes.count + line.count)
        bytes.append(contentsOf: line)
    }

    var count: Int { ranges.count }
    var byteCount: Int { bytes.count }
    func line(_ i: Int) -> ArraySlice<UInt8> { bytes[ranges[i]] }
}

/// A pattern with its name, as the bench's patterns file holds them.
struct NamedPattern {
    var name: String
    var pattern: EventPattern

    static func load(contentsOf path: String) throws -> [NamedPattern] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var out: [NamedPattern] = []
        for (n, line) in text.split(separator: "\n").enumerated() where !line.allSatisfy(\.isWhitespace) {
            guard case .object(let members) = try JSONValue.parse(String(line)),
                  let body = members.first(where: { $0.key == "pattern" })?.value
            else { throw BenchInputError("\(path):\(n + 1): expected {\"name\": ..., \"pattern\": {...}}") }
            var name = "pattern-\(n + 1)"
            if case .string(let s)? = members.first(where: { $0.key == "name" })?.value { name = s }
            do {
                out.append(NamedPattern(name: name, pattern: try EventPattern(body)))
            } catch {
                throw BenchInputError("\(path):\(n + 1): \(error)")
            }
        }
        return out
    }
}

struct BenchInputError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

struct MatchBenchmark {
    struct Result {
        var eventsPerSecond: Double
        var megabytesPerSecond: Double
        var matches: Int
    }

    let corpus: EventCorpus
    let matcher: PatternMatcher

    init(corpus: EventCorpus, patterns: [EventPattern]) throws {
        self.corpus = corpus
        self.matcher = try PatternMatcher(patterns)
    }

    /// One untimed warm-up pass, then `passes` timed ones; reports the median.
    func run(passes: Int) throws -> Result {
        var scanner = EventScanner(paths: matcher.paths)
        var fields = EventFields()
        var matched: [Int] = []
        var scratch = PatternMatcher.Scratch()
        var rates: [Double] = []
        var matches = 0
        for pass in 0...passes {
            var count = 0
            let start = DispatchTime.now().uptimeNanoseconds
            try corpus.bytes.withUnsafeBytes { all in
                for range in corpus.ranges {
                    let record = UnsafeRawBufferPointer(rebasing: all[range])
                    try scanner.scan(record, into: &fields)
                    _ = try EventEnvelope.validate(fields, paths: scanner.envelope)
                    matched.removeAll(keepingCapacity: true)
                    matcher.match(fields, into: &matched, scratch: &scratch)
                    count += matched.count
                }
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            if pass > 0 { rates.append(Double(corpus.count) / seconds) }
            matches = count
        }
        rates.sort()
        let median = rates[rates.count / 2]
        return Result(
            eventsPerSecond: median,
            megabytesPerSecond: median * Double(corpus.byteCount) / Double(corpus.count) / 1e6,
            matches: matches)
    }
}
