import Foundation
import RulebridgeTestSupport
import StreamProcessing
import Testing

/// `/healthz`, `/readyz` and `/metrics` over HTTP, from an engine that processes
/// good and malformed records.
@Suite("run: observability")
struct ObservabilityTests {
    @Test func healthReadinessAndMetricsReportWhatTheEngineDid() async throws {
        try await withWorld("observe") { world in
            let lines = try Streams.lines("malformed.jsonl")
            let expected = try replay(lines)
            let engine = try world.startEngine("observe-1", group: world.unique("group"))

            // Alive at once; not ready until the group has assigned the partition (the mock
            // cluster's first join takes about 3 s, so the first probe comes before it).
            #expect(try await engine.get("/healthz").status == 200)
            #expect(try await engine.get("/readyz").status == 503)
            #expect(try await engine.get("/nope").status == 404)
            try await engine.waitUntilAssigned(1)
            #expect(try await engine.get("/readyz").status == 200)

            try await world.produce(lines, partition: 0)
            _ = try await world.outputs(containing: expected, running: [engine])
            try await engine.waitUntilCaughtUp(input: world.topics.input, partitions: [0], recordsIn: lines.count)

            let scrape = try await engine.get("/metrics")
            #expect(scrape.status == 200)
            let m = MetricsSnapshot(scrape.body)
            let topics = world.topics
            #expect(m[#"rulebridge_records_in_total{topic="\#(topics.input)"}"#] == 13)
            #expect(m[#"rulebridge_records_out_total{topic="\#(topics.actions)"}"#] == 2)
            #expect(m[#"rulebridge_records_out_total{topic="\#(topics.deadLetter)"}"#] == 7)
            #expect(m[#"rulebridge_actions_total{type="drain"}"#] == 1)
            #expect(m[#"rulebridge_actions_total{type="requeue"}"#] == 1)
            #expect(m[#"rulebridge_dead_letters_total{reason="invalid-json"}"#] == 4)
            #expect(m[#"rulebridge_dead_letters_total{reason="invalid-time"}"#] == 2)
            #expect(m[#"rulebridge_dead_letters_total{reason="missing-id"}"#] == 1)
            #expect(m[#"rulebridge_rule_matches_total{rule="requeue-interrupted-job"}"#] == 1)
            #expect(m[#"rulebridge_consumer_lag{partition="0",topic="\#(topics.input)"}"#] == 0)
            #expect(m["rulebridge_assigned_partitions"] == 1)
            #expect((m["rulebridge_commits_total"] ?? 0) >= 1)
            #expect(m["rulebridge_commit_failures_total"] == 0)
            // The latency histogram: cumulative buckets ending in +Inf, one observation per record.
            let buckets = m.family("rulebridge_processing_seconds_bucket")
            #expect(buckets.count >= 2)
            #expect(m[#"rulebridge_processing_seconds_bucket{le="+Inf"}"#] == 13)
            #expect(m["rulebridge_processing_seconds_count"] == 13)
            #expect(buckets.values.allSatisfy { $0 <= 13 })
            // Every family says what it is and what it means.
            for metric in RunMetric.allCases where !m.family(metric.name).isEmpty || metric == .processingSeconds {
                #expect(m.text.contains("# TYPE \(metric.name) \(metric.kind.rawValue)\n"), "no TYPE line for \(metric.name)")
                #expect(m.text.contains("# HELP \(metric.name) \(metric.help)\n"), "no HELP line for \(metric.name)")
            }
            #expect(try await engine.get("/healthz").status == 200)
        }
    }
}
