import EventPatterns

/// Facts learned from events (which job runs on which instance, which group
/// an instance belongs to), each record expiring `ttl` after its last write.
/// Time is event time: expiry is judged against the engine's clock.
struct FactTable {
    let ttl: Int64
    private var records: [String: (fields: [JSONValue.Member], written: Int64)] = [:]
    private var writesSinceSweep = 0

    init(ttl: Int64) { self.ttl = ttl }

    var count: Int { records.count }

    func lookup(_ key: String, now: Int64) -> JSONValue? {
        guard let r = records[key], now - r.written < ttl else { return nil }
        return .object(r.fields)
    }

    /// Merges `fields` into the record: later writes replace fields by name
    /// and keep the rest (a checkpoint event adds a checkpoint to a known job).
    mutating func remember(_ key: String, fields: [JSONValue.Member], now: Int64) {
        var merged: [JSONValue.Member] = []
        if case .object(let m)? = lookup(key, now: now) { merged = m }
        for f in fields {
            if let i = merged.firstIndex(where: { $0.key == f.key }) { merged[i] = f } else { merged.append(f) }
        }
        records[key] = (merged, now)
        sweepIfDue(now: now)
    }

    mutating func forget(_ key: String) {
        records[key] = nil
    }

    /// Adds `amount` to a numeric field (missing counts as 0).
    mutating func add(_ key: String, field: String, amount: Double, now: Int64) {
        var current = 0.0
        if case .object(let m)? = lookup(key, now: now), case .number(let n)? = m.first(where: { $0.key == field })?.value {
            current = Double(n) ?? 0
        }
        remember(key, fields: [.init(key: field, value: .number(JSONNumberText.format(current + amount)))], now: now)
    }

    /// Drops expired records now and then, so memory follows the live key
    /// space and not the length of the stream.
    private mutating func sweepIfDue(now: Int64) {
        writesSinceSweep += 1
        guard writesSinceSweep >= max(1_024, records.count) else { return }
        writesSinceSweep = 0
        records = records.filter { now - $0.value.written < ttl }
    }

    /// Every live record, sorted by key (for the changelog and for tests).
    func snapshot(now: Int64) -> [(key: String, value: JSONValue)] {
        records.filter { now - $0.value.written < ttl }.sorted { $0.key < $1.key }.map { ($0.key, .object($0.value.fields)) }
    }
}

/// Numbers written by the engine: integers without a fraction, others with
/// Swift's shortest round-trip form, so output is byte-identical across runs.
enum JSONNumberText {
    static func format(_ d: Double) -> String {
        if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
        return String(d)
    }
}
