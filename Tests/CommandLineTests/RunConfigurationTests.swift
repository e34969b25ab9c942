import Foundation
import RulebridgeTestSupport
import Testing

/// `rulebridge run --config` rejects a file it does not fully understand, before
/// it connects anywhere, and names the place.
struct RunConfigurationTests {
    func run(config text: String) async throws -> ProgramResult {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rulebridge-config-\(getpid())-\(UUID().uuidString).yaml")
        try text.write(to: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: path) }
        return try await RulebridgeProcess.run(["run", "--config", path.path])
    }

    @Test func aMisspeltKeyIsAnErrorWithItsLineAndColumn() async throws {
        let r = try await run(config: "brokers: localhost:9092\ncomit-interval: 5s\n")
        #expect(r.status != 0)
        #expect(r.stderr.contains(".yaml:2:1: comit-interval: unknown key"))
    }

    @Test func anUnknownGuaranteeIsAnError() async throws {
        let r = try await run(config: "guarantee: maybe\n")
        #expect(r.status != 0)
        #expect(r.stderr.contains("guarantee: must be exactly-once or at-least-once"))
    }

    @Test func aDurationWithoutAUnitIsAnError() async throws {
        let r = try await run(config: "commit-interval: 100\n")
        #expect(r.status != 0)
        #expect(r.stderr.contains("commit-interval: invalid duration"))
    }

    @Test func theDocumentedSampleConfigurationParsesAndOnlyThenNeedsABroker() async throws {
        // rulebridge.yaml documents every key; it must load. With no broker listening the
        // run then fails on Kafka, not on the file.
        let r = try await RulebridgeProcess.run(["run", "--config", "rulebridge.yaml", "--brokers", "127.0.0.1:1", "--http", "127.0.0.1:0", "--rules", "/nonexistent-rules"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("/nonexistent-rules"))
        #expect(!r.stderr.contains("rulebridge.yaml:"))
    }
}

/// `log.format: json` (or `--log-format json`): one JSON object per log line, for log shippers.
struct JSONLogTests {
    @Test func jsonLogLinesAreObjectsWithLevelAndMessage() async throws {
        // No broker listens on port 1: the engine logs its start, then fails on Kafka.
        let r = try await RulebridgeProcess.run([
            "run", "--brokers", "127.0.0.1:1", "--rules", "rules", "--http", "127.0.0.1:0", "--log-format", "json",
            "--guarantee", "at-least-once",  // exactly-once would first wait out initTransactions
        ])
        #expect(r.status == 1)
        let lines = r.stderr.split(separator: "\n").filter { $0.hasPrefix("{") }
        #expect(!lines.isEmpty, "\(r.stderr)")
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["level"] is String)
            #expect(object?["message"] is String)
        }
        #expect(lines.contains { $0.contains("http on 127.0.0.1:") })
    }
}
