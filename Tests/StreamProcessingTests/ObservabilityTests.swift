import Foundation
import Testing

/// `/healthz`, `/readyz` and `/metrics` on the port the engine logs ("http on
/// 127.0.0.1:PORT", here with `--http 127.0.0.1:0`).
@Suite("run: observability")
struct ObservabilityTests {
    @Test func healthReadinessAndMetricsReportWhatTheEngineDid() async throws {
        let h = try Harness("observe")
        defer { h.shutdown() }
        let topics = Topics(h)
        let broker = try await BrokerProcess.start(h, partitions: 1, topics: topics.all)
        let lines = try Harness.lines("malformed.jsonl")
        let expected = try await Replay.records(h, lines: lines)
        let engine = try EngineProcess.start(h, broker: broker.bootstrap, topics: topics, group: h.unique("group"), instanceID: "observe-1")

        // Alive at once; not ready until the group has assigned the partition (the mock
        // cluster's first join takes about 3 s, so the first probe comes before it).
        let port = try await engine.httpPort()
        #expect(port > 0)
        #expect(try await engine.get("/healthz").status == 200)
        #expect(try await engine.get("/readyz").status == 503)
        #expect(try await engine.get("/nope").status == 404)
        try await engine.waitUntilAssigned(1)
        #expect(try await engine.get("/readyz").status == 200)

        try await Kcat.produce(h, broker: broker.bootstrap, topic: topics.input, partition: 0, lines: lines)
        _ = try await outputs(h, broker: broker.bootstrap, topics: topics, containing: expected, running: [engine])
        try await engine.waitUntilCaughtUp(input: topics.input, partitions: [0], recordsIn: lines.count)

        let m = try await engine.metrics()
        let input = topics.input
        #expect(m[#"rulebridge_records_in_total{topic="\#(input)"}"#] == 13)
        #expect(m[#"rulebridge_records_out_total{topic="\#(topics.actions)"}"#] == 2)
        #expect(m[#"rulebridge_records_out_total{topic="\#(topics.deadLetter)"}"#] == 7)
        #expect(m[#"rulebridge_actions_total{type="drain"}"#] == 1)
        #expect(m[#"rulebridge_actions_total{type="requeue"}"#] == 1)
        #expect(m[#"rulebridge_dead_letters_total{reason="invalid-json"}"#] == 4)
        #expect(m[#"rulebridge_dead_letters_total{reason="invalid-time"}"#] == 2)
        #expect(m[#"rulebridge_dead_letters_total{reason="missing-id"}"#] == 1)
        #expect(m[#"rulebridge_rule_matches_total{rule="requeue-interrupted-job"}"#] == 1)
        #expect(m[#"rulebridge_consumer_lag{partition="0",topic="\#(input)"}"#] == 0)
        #expect(m["rulebridge_assigned_partitions"] == 1)
        #expect((m["rulebridge_commits_total"] ?? 0) >= 1)
        // The latency histogram: cumulative buckets ending in +Inf, one observation per record.
        let buckets = m.family("rulebridge_processing_seconds_bucket")
        #expect(buckets.count >= 2)
        #expect(m[#"rulebridge_processing_seconds_bucket{le="+Inf"}"#] == 13)
        #expect(m["rulebridge_processing_seconds_count"] == 13)
        #expect(buckets.values.allSatisfy { $0 <= 13 })
        for family in ["rulebridge_records_in_total", "rulebridge_actions_total", "rulebridge_dead_letters_total",
                       "rulebridge_processing_seconds", "rulebridge_consumer_lag"] {
            #expect(m.text.contains("# TYPE \(family) "), "no TYPE line for \(family)")
        }
        #expect(try await engine.get("/healthz").status == 200)
    }
}
