import Foundation
import JSON
import Testing
@testable import Rules

/// The changelog a driver writes (`takeStateChanges`) is enough to rebuild an
/// engine that carries on exactly as if it had never stopped.
struct StateChangelogTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func fleetDay() throws -> [[UInt8]] {
        let data = try Data(contentsOf: root.appendingPathComponent("samples/fleet-day.jsonl"))
        return [UInt8](data).split(separator: UInt8(ascii: "\n")).map(Array.init)
    }

    static func rules() throws -> RuleSet { try RuleSet.load(directory: root.appendingPathComponent("rules").path) }

    @Test(arguments: [1_000, 3_217, 5_500])
    func anEngineRestoredFromTheChangelogContinuesLikeOneThatNeverStopped(stopAfter: Int) throws {
        let events = try Self.fleetDay()
        let rules = try Self.rules()
        let uninterrupted = try RuleEngine(ruleSet: rules)
        var expected: [OutputRecord] = []
        for (i, e) in events.enumerated() {
            let out = uninterrupted.process(e)
            if i >= stopAfter { expected += out }
        }

        let first = try RuleEngine(ruleSet: rules)
        var changelog: [String: [UInt8]?] = [:]
        for e in events[..<stopAfter] {
            _ = first.process(e)
            // As a driver does per transaction: only what changed, latest value per key.
            for (k, v) in first.takeStateChanges() { changelog[k] = .some(v) }
        }
        let restored = try RuleEngine(ruleSet: rules)
        #expect(restored.restoreState(changelog.map { ($0.key, $0.value) }) == 0)
        var actual: [OutputRecord] = []
        for e in events[stopAfter...] { actual += restored.process(e) }
        #expect(!expected.isEmpty)
        #expect(actual == expected)
    }

    @Test func aSnapshotHoldsTheSameStateAsTheChangelog() throws {
        let events = try Self.fleetDay()
        let engine = try RuleEngine(ruleSet: try Self.rules())
        var changelog: [String: [UInt8]] = [:]
        for e in events.prefix(4_000) {
            _ = engine.process(e)
            for (k, v) in engine.takeStateChanges() { changelog[k] = v }
        }
        let snapshot = Dictionary(uniqueKeysWithValues: engine.stateSnapshot().map { ($0.key, $0.value) })
        // Expired table records may linger in the changelog until swept; everything live must agree.
        for (k, v) in snapshot { #expect(changelog[k] == v, "\(k)") }
    }

    @Test func recordKeysPrefixEachEntryWithItsInputTopic() {
        let key = StateChangelog.recordKey(inputTopic: "capacity-events", entry: StateEntry.table("jobs", "i|1").key)
        #expect(key == #"capacity-events|["table","jobs","i|1"]"#)
        #expect(StateChangelog.entry(ofRecordKey: key, inputTopic: "capacity-events") == #"["table","jobs","i|1"]"#)
        #expect(StateChangelog.entry(ofRecordKey: key, inputTopic: "capacity") == nil)
        #expect(StateChangelog.entry(ofRecordKey: key, inputTopic: "other-events") == nil)
    }

    @Test func theInputOffsetIsAnEntryOfItsOwnWrittenInDecimal() {
        #expect(StateChangelog.recordKey(inputTopic: "in", entry: StateChangelog.offsetEntry) == #"in|["offset"]"#)
        #expect(StateEntry(key: StateChangelog.offsetEntry) == nil)
        #expect(StateChangelog.offsetValue(4_711) == Array("4711".utf8))
        #expect(StateChangelog.offset(fromValue: StateChangelog.offsetValue(4_711)) == 4_711)
        #expect(StateChangelog.offset(fromValue: nil) == nil)
        #expect(StateChangelog.offset(fromValue: Array("x".utf8)) == nil)
    }

    @Test func valuesAreWrittenAsTheFormatSays() throws {
        let engine = try RuleEngine(ruleSet: try Self.rules())
        for e in try Self.fleetDay().prefix(2_000) { _ = engine.process(e) }
        let values = Dictionary(uniqueKeysWithValues: engine.stateSnapshot().map { ($0.key, String(decoding: $0.value, as: UTF8.self)) })
        #expect(values[StateEntry.clock.key]?.allSatisfy(\.isNumber) == true)
        let table = try #require(values.first { $0.key.hasPrefix(#"["table","#) }?.value)
        #expect(table.hasPrefix(#"{"fields":{"#) && table.contains(#","written":"#) && table.hasSuffix("]}"))
        let window = try #require(values.first { $0.key.hasPrefix(#"["window","#) }?.value)
        #expect(window.hasPrefix("[[") && window.hasSuffix("]]"))
    }

    @Test func aBreakerRecordRestoresTheBreakerAndItsTimer() throws {
        let spec = BreakerSpec(name: "spot", openFor: 60_000, quietFor: 30_000, location: .init(file: "f", line: 1, column: 1))
        let value = try JSONValue.parse(#"{"state":"open","since":1000,"deadline":61000,"generation":3,"account":"a","region":"r"}"#)
        let breaker = try #require(StateChangelog.breaker(value, spec: spec))
        #expect(breaker.state == .open && breaker.since == 1_000 && breaker.deadline == 61_000 && breaker.generation == 3)
        #expect(StateChangelog.value(of: breaker) == value)
        #expect(StateChangelog.breaker(try JSONValue.parse(#"{"state":"ajar","since":1,"generation":1}"#), spec: spec) == nil)
    }

    @Test func changelogKeysRoundTrip() {
        for entry in [StateEntry.clock, .table("jobs", "i-1"), .window("storm", "g\"1"), .breaker("spot", "a/b"), .notified("r/x")] {
            #expect(StateEntry(key: entry.key) == entry)
        }
        #expect(StateEntry(key: "nonsense") == nil)
    }
}
