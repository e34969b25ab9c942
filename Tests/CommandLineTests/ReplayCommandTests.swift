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
