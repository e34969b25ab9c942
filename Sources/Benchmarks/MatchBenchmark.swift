import EventPatterns
import Events
import Foundation
import JSON

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
            let value = try JSONValue.parse(String(line))
            guard let body = value["pattern"]
            else { throw BenchInputError("\(path):\(n + 1): expected {\"name\": ..., \"pattern\": {...}}") }
            let name = value["name"]?.stringValue ?? "pattern-\(n + 1)"
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
    /// Seconds `PatternMatcher.init` took.
    let compileSeconds: Double
    /// Resident memory once the matcher is built (whole process).
    let residentMegabytes: Double
    /// What building the matcher added to resident memory.
    let matcherMegabytes: Double

    init(corpus: EventCorpus, patterns: [EventPattern]) throws {
        self.corpus = corpus
        let before = Memory.residentMegabytes()
        let start = DispatchTime.now().uptimeNanoseconds
        self.matcher = try PatternMatcher(patterns)
        compileSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        residentMegabytes = Memory.residentMegabytes()
        matcherMegabytes = residentMegabytes - before
    }

    /// One untimed warm-up pass, then `passes` timed ones; reports the median.
    func run(passes: Int) throws -> Result {
        var events = EventMatcher(matcher)
        var rates: [Double] = []
        var matches = 0
        for pass in 0...passes {
            var count = 0
            let start = DispatchTime.now().uptimeNanoseconds
            try corpus.bytes.withUnsafeBytes { all in
                for range in corpus.ranges {
                    _ = try events.check(UnsafeRawBufferPointer(rebasing: all[range]))
                    count += events.match().count
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

extension EventCorpus {
    /// MB/s of validating every event without reading anything out of it
    /// (the scanner's skip path over the same bytes): what a matcher that
    /// must validate its input cannot beat. Median of `passes`.
    func validationOnlyMegabytesPerSecond(passes: Int) throws -> Double {
        var rates: [Double] = []
        try bytes.withUnsafeBytes { all in
            let base = all.baseAddress!.assumingMemoryBound(to: UInt8.self)
            for pass in 0...passes {
                let start = DispatchTime.now().uptimeNanoseconds
                for range in ranges {
                    var i = range.lowerBound
                    while base[i] == 0x20 || base[i] == 0x09 { i += 1 }
                    _ = try EventScanner.skipValue(base + i, range.upperBound - i, 0, depth: 0)
                }
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                if pass > 0 { rates.append(Double(byteCount) / seconds / 1e6) }
            }
        }
        rates.sort()
        return rates[rates.count / 2]
    }
}
