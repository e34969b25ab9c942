import Foundation
import RulebridgeTestSupport
import Testing

/// Hot reload: a change under the rules directory is validated first; a bad rule file
/// never replaces good rules, a good one takes effect on the next records.
@Suite("run: hot reload")
struct HotReloadTests {
    @Test func aBrokenRuleFileIsRejectedAndTheOldRulesKeepActingThenAFixedOneTakesEffect() async throws {
        try await withWorld("reload") { world in
            let scratch = try ScratchDirectory("rulebridge-reload")
            // A copy of the default rules the test may change.
            let rules = scratch.url.appendingPathComponent("rules")
            try FileManager.default.copyItem(at: World.defaultRules, to: rules)
            let probeFile = rules.appendingPathComponent("zz-reload-probe.yaml")
            let newRules = scratch.url.appendingPathComponent("new-rules")
            try FileManager.default.copyItem(at: World.defaultRules, to: newRules)
            try FileManager.default.copyItem(at: World.fixture("reload-fixed.yaml"), to: newRules.appendingPathComponent("zz-reload-probe.yaml"))

            let engine = try world.startEngine("reload-1", group: world.unique("group"), rules: rules)
            try await engine.waitUntilAssigned(1)
            func reloads(_ result: String) -> Double {
                engine.metrics()[#"rulebridge_rule_reloads_total{result="\#(result)"}"#] ?? 0
            }

            // A broken file appears: rejected, counted, the running rules stay.
            try FileManager.default.copyItem(at: World.fixture("reload-broken.yaml"), to: probeFile)
            _ = try await eventually("a rejected reload", context: { engine.logText }) { reloads("error") >= 1 ? true : nil }
            #expect(reloads("ok") == 0)
            #expect(engine.logText.contains("rules not reloaded") && engine.logText.contains("unknown action type 'drain-everything'"))
            let phase1 = [
                Streams.event(id: "probe-1", time: "2024-05-14T11:00:00Z", instance: "i-probe-1", source: "test.reload"),
                Streams.event(id: "rebalance-1", time: "2024-05-14T11:00:10Z", instance: "i-rebalance-1"),
            ]
            let expected1 = try replay(phase1)
            #expect(expected1.map { $0.headers["rulebridge-trigger"] } == ["rebalance-1"])
            try await world.produce(phase1, partition: 0)
            // The drain of the second event is out, so the first was processed too: by the old rules.
            let got1 = try await world.outputs(containing: expected1, running: [engine])
            expectSameRecords(got1, expected1)

            // The file is fixed: reloaded, and the new rule acts on new input (the old ones still do).
            // Replaced atomically (a rename), so the engine never sees the directory without it.
            try Data(contentsOf: World.fixture("reload-fixed.yaml")).write(to: probeFile, options: .atomic)
            _ = try await eventually("a successful reload", context: { engine.logText }) { reloads("ok") >= 1 ? true : nil }
            #expect(engine.logText.contains("rules reloaded"))
            let phase2 = [
                Streams.event(id: "probe-2", time: "2024-05-14T11:01:00Z", instance: "i-probe-2", source: "test.reload"),
                Streams.event(id: "rebalance-2", time: "2024-05-14T11:01:10Z", instance: "i-rebalance-2"),
            ]
            let expected2 = try replay(phase2, rules: newRules)
            #expect(expected2.map { $0.headers["rulebridge-rule"] } == ["reload-probe", "drain-on-rebalance-recommendation"])
            try await world.produce(phase2, partition: 0)
            let got2 = try await world.outputs(containing: expected1 + expected2, running: [engine])
            expectSameRecords(got2, expected1 + expected2)
            #expect(reloads("error") == 1)
        }
    }

    /// What SIGHUP asks for: a reload of unchanged, valid rules succeeds and changes nothing.
    @Test func aReloadRequestWithUnchangedRulesReloadsThemAndTheyKeepActing() async throws {
        try await withWorld("reload-request") { world in
            let engine = try world.startEngine("reload-request-1", group: world.unique("group"))
            try await engine.waitUntilAssigned(1)
            engine.service.processor.requestReload()
            _ = try await eventually("a successful reload", context: { engine.logText }) { () -> Bool? in
                engine.metrics()[#"rulebridge_rule_reloads_total{result="ok"}"#] == 1 ? true : nil
            }
            let lines = [Streams.event(id: "after-reload", time: "2024-05-14T11:00:00Z", instance: "i-after-reload")]
            let expected = try replay(lines)
            try await world.produce(lines, partition: 0)
            expectSameRecords(try await world.outputs(containing: expected, running: [engine]), expected)
        }
    }
}
