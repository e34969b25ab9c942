import Foundation
import RulebridgeTestSupport
import Testing

/// `rulebridge replay`, `validate` and `test` as users run them.
struct ReplayCommandTests {
    @Test func replayIsByteIdenticalAcrossRuns() async throws {
        let a = try await RulebridgeProcess.run(["replay", "--rules", "rules", "samples/fleet-day.jsonl"])
        let b = try await RulebridgeProcess.run(["replay", "--rules", "rules", "samples/fleet-day.jsonl"])
        #expect(a.status == 0)
        #expect(!a.stdout.isEmpty)
        #expect(a.stdout == b.stdout)
    }

    /// The bytes replay prints for each sample are pinned (Tests/Fixtures/replay,
    /// written by the engine before its JSON moved to jansson): any change in
    /// how records are built or written shows here.
    @Test(arguments: ["spot-requeue", "spot-storm", "interruption-share", "insufficient-capacity", "maintenance", "ecs", "malformed"])
    func replayPrintsExactlyThePinnedRecordsForEachSample(_ sample: String) async throws {
        let r = try await RulebridgeProcess.run(["replay", "--rules", "rules", "samples/\(sample).jsonl"])
        let pinned = TestPaths.packageRoot.appendingPathComponent("Tests/Fixtures/replay")
        #expect(r.stdout == (try String(contentsOf: pinned.appendingPathComponent("\(sample).jsonl"), encoding: .utf8)))
        #expect(r.stderr == (try String(contentsOf: pinned.appendingPathComponent("\(sample).summary"), encoding: .utf8)))
    }

    /// The long sample's 72 KB of records are pinned by count and checksum.
    @Test func replayOfTheLongSamplePrintsThePinnedBytes() async throws {
        let r = try await RulebridgeProcess.run(["replay", "--rules", "rules", "samples/fleet-day.jsonl"])
        let bytes = Array(r.stdout.utf8)
        var fnv1a: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { fnv1a = (fnv1a ^ UInt64(b)) &* 0x100_0000_01b3 }
        #expect(bytes.count == 72_389)
        #expect(bytes.filter { $0 == 0x0A }.count == 93)
        #expect(String(fnv1a, radix: 16) == "d8b85c2cca5cca04")
    }

    @Test func replayPrintsOneJSONRecordPerLineAndASummary() async throws {
        let r = try await RulebridgeProcess.run(["replay", "--rules", "rules", "samples/malformed.jsonl"])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.allSatisfy { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return false }
            return object["topic"] is String && object["headers"] is [String: Any] && object["value"] is String
        })
        #expect(lines.filter { $0.contains(#""topic":"dead-letter""#) }.count == 7)
        #expect(r.stderr.contains("events read: 13"))
        #expect(r.stderr.contains("dead-lettered: 7"))
    }

    @Test func replayReadsStandardInput() async throws {
        let line = #"{"version":"0","id":"e1","detail-type":"EC2 Instance Rebalance Recommendation","source":"aws.ec2","account":"1","time":"2026-03-01T10:00:00Z","region":"us-east-1","resources":[],"detail":{"instance-id":"i-9"}}"#
        let r = try await RulebridgeProcess.run(["replay", "--rules", "rules", "-"], stdin: line + "\n")
        #expect(r.stdout.contains("Rulebridge Drain"))
        #expect(r.stdout.contains(#""key":"i-9""#))
    }

    @Test func validateReportsFileLineAndColumnAndExitsOne() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rulebridge-validate-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "rules:\n  - name: a\n    pattern: { source: [x] }\n    actions: [{ type: nope }]\n".write(to: dir.appendingPathComponent("bad.yaml"), atomically: true, encoding: .utf8)
        let r = try await RulebridgeProcess.run(["validate", "--rules", dir.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("bad.yaml:4:23: unknown action type 'nope'"))
    }

    @Test func validateAcceptsTheDefaultRules() async throws {
        let r = try await RulebridgeProcess.run(["validate", "--rules", "rules"])
        #expect(r.status == 0)
    }
}
