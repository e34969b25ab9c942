import Testing

/// The headers `run` adds to a dead letter, which `replay` (reading files) cannot know.
package let originHeaders: Set<String> = ["rulebridge-original-topic", "rulebridge-original-partition", "rulebridge-original-offset"]

/// `run`'s records per logical topic are exactly `replay`'s: same values, keys and
/// headers, in the same order.
package func expectSameRecords(_ run: [Record], _ replay: [Record], sourceLocation: SourceLocation = #_sourceLocation) {
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
package func expectDedupedEqualsReplay(_ run: [Record], _ replay: [Record], sourceLocation: SourceLocation = #_sourceLocation) {
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
package func breakerChanges(_ records: [Record], breaker: String = "spot-capacity") -> [String] {
    records.on("actions").dedupedByID.compactMap { r in
        r.breakerChange.flatMap { $0.breaker == breaker ? "\($0.key) \($0.state) at \($0.time)" : nil }
    }
}
