import JSON
import EventPatterns
import Foundation

/// One case of `Tests/Fixtures/pattern-cases.jsonl` (labelled by running
/// aws/event-ruler): a pattern, an event, and whether the pattern matches it
/// or must be rejected.
struct ConformanceCase: Sendable, CustomStringConvertible {
    enum Expected: Sendable, Equatable {
        case match(Bool)
        case error
    }

    var name: String
    /// 1-based line in the fixture file.
    var line: Int
    var pattern: JSONValue
    var event: JSONValue
    var expected: Expected

    var description: String { "\(name) (line \(line))" }

    /// Runs the case through `EventPattern(_:)` and `matcher`; nil when the
    /// outcome is the expected one, otherwise what went wrong. A matcher can
    /// be the reference evaluator or the compiled one:
    ///
    ///     ConformanceCases.all.compactMap { $0.failure { p, e in ReferenceMatcher.matches(p, event: e) } }
    func failure(matcher: (EventPattern, JSONValue) -> Bool) -> String? {
        let parsed: EventPattern
        do {
            parsed = try EventPattern(pattern)
        } catch {
            return expected == .error ? nil : "\(self): pattern rejected: \(error)"
        }
        guard case .match(let want) = expected else {
            return "\(self): expected the pattern to be rejected, but it parsed"
        }
        let got = matcher(parsed, event)
        return got == want ? nil : "\(self): expected \(want), got \(got)\n  pattern \(pattern.jsonText)\n  event   \(event.jsonText)"
    }
}

enum ConformanceCases {
    /// `Tests/Fixtures/pattern-cases.jsonl`, found from this source file.
    static let fixturePath: String = {
        var url = URL(fileURLWithPath: #filePath)
        url.deleteLastPathComponent()  // EventPatternsTests
        url.deleteLastPathComponent()  // Tests
        return url.appendingPathComponent("Fixtures/pattern-cases.jsonl").path
    }()

    /// Every case in the fixture, in file order. A malformed fixture line
    /// stops the test run with the line number.
    static let all: [ConformanceCase] = load()

    static func load(path: String = fixturePath) -> [ConformanceCase] {
        guard let data = FileManager.default.contents(atPath: path) else {
            fatalError("cannot read conformance fixture at \(path)")
        }
        var cases: [ConformanceCase] = []
        var lineNumber = 0
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            let record: JSONValue
            do {
                record = try JSONValue.parse(Array(line))
            } catch {
                fatalError("\(path):\(lineNumber): \(error)")
            }
            guard let name = record["name"]?.stringValue, let pattern = record["pattern"],
                let event = record["event"], let expectedValue = record["expected"]
            else {
                fatalError("\(path):\(lineNumber): case needs name, pattern, event and expected")
            }
            let expected: ConformanceCase.Expected
            switch expectedValue.content {
            case .bool(let b): expected = .match(b)
            case .string("error"): expected = .error
            default: fatalError("\(path):\(lineNumber): expected must be true, false or \"error\"")
            }
            cases.append(
                ConformanceCase(name: name, line: lineNumber, pattern: pattern, event: event, expected: expected))
        }
        return cases
    }
}
