import Foundation
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

    @Test func changelogKeysRoundTrip() {
        for entry in [StateEntry.clock, .table("jobs", "i-1"), .window("storm", "g\"1"), .breaker("spot", "a/b"), .notified("r/x")] {
            #expect(StateEntry(key: entry.key) == entry)
        }
        #expect(StateEntry(key: "nonsense") == nil)
    }
}
