import Foundation
import Testing

/// Reads the output topics until `done` holds for what they contain; fails at once
/// if one of the `running` engines exits.
func outputs(
    _ h: Harness, broker: String, topics: Topics, _ what: String, running: [EngineProcess] = [], timeout: Duration = .seconds(90),
    until done: @escaping ([Record]) -> Bool
) async throws -> [Record] {
    try await eventually(what, timeout: timeout, every: .milliseconds(300), context: { h.logs() }) { () -> [Record]? in
        if let dead = running.first(where: { !$0.child.isRunning }) {
            throw FatalHarnessError("engine \(dead.instanceID) exited while waiting for \(what)\n\(h.logs())")
        }
        let records = try await Kcat.outputs(h, broker: broker, topics: topics)
        return done(records) ? records : nil
    }
}

/// Reads the output topics until every id of `expected` is there, and at least as
/// many dead letters as `expected` has.
func outputs(
    _ h: Harness, broker: String, topics: Topics, containing expected: [Record], running: [EngineProcess] = [], timeout: Duration = .seconds(90)
) async throws -> [Record] {
    let ids = Set(expected.compactMap(\.id))
    let deadLetters = expected.on("dead-letter").count
    return try await outputs(h, broker: broker, topics: topics, "\(ids.count) expected ids and \(deadLetters) dead letters", running: running, timeout: timeout) { records in
        ids.isSubset(of: Set(records.compactMap(\.id))) && records.on("dead-letter").count >= deadLetters
    }
}

/// The headers `run` adds to a dead letter, which `replay` (reading files) cannot know.
let originHeaders: Set<String> = ["rulebridge-original-topic", "rulebridge-original-partition", "rulebridge-original-offset"]

/// `run`'s records per logical topic are exactly `replay`'s: same values, keys and
/// headers, in the same order.
func expectSameRecords(_ run: [Record], _ replay: [Record], sourceLocation: SourceLocation = #_sourceLocation) {
    for logical in ["actions", "notifications", "dead-letter"] {
        let got = run.on(logical).map { r in
            var c = r.content
            c.headers = c.headers.filter { !originHeaders.contains($0.key) }
            return c
        }
        let want = replay.on(logical).map(\.content)
        if got != want {
            let i = zip(got, want).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(got.count, want.count)
            Issue.record("""
                \(logical): run gave \(got.count) records, replay \(want.count); first difference at #\(i):
                  run:    \(i < got.count ? got[i].description : "(none)")
                  replay: \(i < want.count ? want[i].description : "(none)")
                """, sourceLocation: sourceLocation)
        }
    }
}

/// The strongest property left when a stream was processed more than once (a crash, a
/// rebalance, or the mock cluster's missing isolation): nothing is lost, nothing
/// unexpected appears, and every copy of an id is the same record.
/// - Every output record has an id, and all records with one id are byte-identical
///   (value, key, headers) — duplicates are harmless to a consumer that de-duplicates.
/// - De-duplicated by id, each logical topic holds exactly the ids `replay` gives,
///   each with replay's exact record.
/// - Within each output partition, the first copies keep replay's order.
func expectDedupedEqualsReplay(_ run: [Record], _ replay: [Record], sourceLocation: SourceLocation = #_sourceLocation) {
    for logical in ["actions", "notifications"] {
        let got = run.on(logical)
        let want = replay.on(logical)
        let missingID = got.filter { $0.id == nil }
        #expect(missingID.isEmpty, "\(logical): records without an id: \(missingID)", sourceLocation: sourceLocation)
        for (id, copies) in got.byID where Set(copies.map(\.content)).count > 1 {
            Issue.record("\(logical): copies of \(id) differ: \(copies)", sourceLocation: sourceLocation)
        }
        let wantByID = Dictionary(want.map { ($0.id!, $0.content) }, uniquingKeysWith: { a, _ in a })
        let gotByID = Dictionary(got.compactMap { r in r.id.map { ($0, r.content) } }, uniquingKeysWith: { a, _ in a })
        let missing = want.filter { gotByID[$0.id!] == nil }
        let unexpected = got.dedupedByID.filter { r in r.id.map { wantByID[$0] == nil } ?? false }
        #expect(missing.isEmpty, "\(logical): lost \(missing.count) records: \(missing)", sourceLocation: sourceLocation)
        #expect(unexpected.isEmpty, "\(logical): \(unexpected.count) records replay does not give: \(unexpected)", sourceLocation: sourceLocation)
        for (id, content) in gotByID where wantByID[id] != nil && wantByID[id] != content {
            Issue.record("\(logical): \(id) differs from replay:\n  run:    \(content)\n  replay: \(wantByID[id]!)", sourceLocation: sourceLocation)
        }
        // Order: replay's relative order among the ids that landed in each partition.
        let position = Dictionary(want.enumerated().map { ($1.id!, $0) }, uniquingKeysWith: { a, _ in a })
        for (partition, records) in Dictionary(grouping: got.dedupedByID, by: \.partition) {
            let order = records.compactMap { $0.id.flatMap { position[$0] } }
            #expect(order == order.sorted(), "\(logical) partition \(partition): first copies out of replay's order", sourceLocation: sourceLocation)
        }
    }
}

/// The breaker state changes among `records`, as (key, state, time), first copies only.
func breakerChanges(_ records: [Record], breaker: String = "spot-capacity") -> [String] {
    records.on("actions").dedupedByID.compactMap { r in
        r.breakerChange.flatMap { $0.breaker == breaker ? "\($0.key) \($0.state) at \($0.time)" : nil }
    }
}

/// Produces one more event after `lines` and waits for its action: the partition is
/// processed in order, so everything before it has been processed too. Returns the
/// outputs without that action.
func settle(_ h: Harness, broker: String, topics: Topics, engine: EngineProcess, after lines: [String], partition: Int = 0) async throws -> [Record] {
    let marker = Streams.event(id: "settle-\(h.unique("marker"))", time: "2024-05-14T23:59:00Z", instance: "i-settle")
    let markerID = try #require(Streams.id(of: marker))
    let expected = try await Replay.records(h, lines: lines + [marker]).filter { $0.headers["rulebridge-trigger"] == markerID }
    try #require(expected.count == 1, "the settle event must cause exactly one action")
    try await Kcat.produce(h, broker: broker, topic: topics.input, partition: partition, lines: [marker])
    let all = try await outputs(h, broker: broker, topics: topics, containing: expected, running: [engine])
    return all.filter { $0.headers["rulebridge-trigger"] != markerID }
}
