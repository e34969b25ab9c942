import Foundation
import Testing

/// Hot reload: a change under the rules directory is validated first; a bad rule file
/// never replaces good rules, a good one takes effect on the next records.
@Suite("run: hot reload")
struct HotReloadTests {
    @Test func aBrokenRuleFileIsRejectedAndTheOldRulesKeepActingThenAFixedOneTakesEffect() async throws {
        let h = try Harness("reload")
        defer { h.shutdown() }
        let topics = Topics(h)
        let broker = try await BrokerProcess.start(h, partitions: 1, topics: topics.all)
        // A copy of the default rules the test may change.
        let rules = h.directory.appendingPathComponent("rules")
        try FileManager.default.copyItem(at: Harness.defaultRules, to: rules)
        let probeFile = rules.appendingPathComponent("zz-reload-probe.yaml")
        let oldRules = h.directory.appendingPathComponent("old-rules")
        try FileManager.default.copyItem(at: Harness.defaultRules, to: oldRules)
        let newRules = h.directory.appendingPathComponent("new-rules")
        try FileManager.default.copyItem(at: Harness.defaultRules, to: newRules)
        try FileManager.default.copyItem(at: Harness.fixture("reload-fixed.yaml"), to: newRules.appendingPathComponent("zz-reload-probe.yaml"))

        let engine = try EngineProcess.start(h, broker: broker.bootstrap, topics: topics, group: h.unique("group"), instanceID: "reload-1", rules: rules)
        try await engine.waitUntilAssigned(1)
        func reloads(_ result: String) async throws -> Double {
            try await engine.metrics()[#"rulebridge_rule_reloads_total{result="\#(result)"}"#] ?? 0
        }

        // A broken file appears: rejected, counted, the running rules stay.
        try FileManager.default.copyItem(at: Harness.fixture("reload-broken.yaml"), to: probeFile)
        _ = try await eventually("a rejected reload", context: { engine.child.tail() }) { try await reloads("error") >= 1 ? true : nil }
        #expect(try await reloads("ok") == 0)
        #expect(engine.log.contains("rules not reloaded") && engine.log.contains("unknown action type 'drain-everything'"))
        let phase1 = [
            Streams.event(id: "probe-1", time: "2024-05-14T11:00:00Z", instance: "i-probe-1", source: "test.reload"),
            Streams.event(id: "rebalance-1", time: "2024-05-14T11:00:10Z", instance: "i-rebalance-1"),
        ]
        let expected1 = try await Replay.records(h, rules: oldRules, lines: phase1)
        #expect(expected1.map { $0.headers["rulebridge-trigger"] } == ["rebalance-1"])
        try await Kcat.produce(h, broker: broker.bootstrap, topic: topics.input, partition: 0, lines: phase1)
        // The drain of the second event is out, so the first was processed too: by the old rules.
        let got1 = try await outputs(h, broker: broker.bootstrap, topics: topics, containing: expected1, running: [engine])
        expectSameRecords(got1, expected1)

        // The file is fixed: reloaded, and the new rule acts on new input (the old ones still do).
        // Replaced atomically (a rename), so the engine never sees the directory without it.
        try Data(contentsOf: Harness.fixture("reload-fixed.yaml")).write(to: probeFile, options: .atomic)
        _ = try await eventually("a successful reload", context: { engine.child.tail() }) { try await reloads("ok") >= 1 ? true : nil }
        #expect(engine.log.contains("rules reloaded"))
        let phase2 = [
            Streams.event(id: "probe-2", time: "2024-05-14T11:01:00Z", instance: "i-probe-2", source: "test.reload"),
            Streams.event(id: "rebalance-2", time: "2024-05-14T11:01:10Z", instance: "i-rebalance-2"),
        ]
        let expected2 = try await Replay.records(h, rules: newRules, lines: phase2)
        #expect(expected2.map { $0.headers["rulebridge-rule"] } == ["reload-probe", "drain-on-rebalance-recommendation"])
        try await Kcat.produce(h, broker: broker.bootstrap, topic: topics.input, partition: 0, lines: phase2)
        let got2 = try await outputs(h, broker: broker.bootstrap, topics: topics, containing: expected1 + expected2, running: [engine])
        expectSameRecords(got2, expected1 + expected2)
        #expect(try await reloads("error") == 1)
    }
}
