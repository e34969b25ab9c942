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
    var keys: Dictionary<String, (fields: [JSONValue.Member], written: Int64)>.Keys { records.keys }

    func lookup(_ key: String, now: Int64) -> JSONValue? {
        guard let r = records[key], now - r.written < ttl else { return nil }
        return .object(r.fields)
    }

    /// The stored record whether expired or not (for the changelog).
    func record(_ key: String) -> (fields: [JSONValue.Member], written: Int64)? { records[key] }

    /// Merges `fields` into the record: later writes replace fields by name
    /// and keep the rest (a checkpoint event adds a checkpoint to a known job).
    /// Returns the keys of records that expired and were dropped meanwhile.
    mutating func remember(_ key: String, fields: [JSONValue.Member], now: Int64) -> [String] {
        var merged: [JSONValue.Member] = []
        if case .object(let m)? = lookup(key, now: now) { merged = m }
        for f in fields {
            if let i = merged.firstIndex(where: { $0.key == f.key }) { merged[i] = f } else { merged.append(f) }
        }
        records[key] = (merged, now)
        return sweepIfDue(now: now)
    }

    mutating func forget(_ key: String) {
        records[key] = nil
    }

    mutating func restore(_ key: String, fields: [JSONValue.Member], written: Int64) {
        records[key] = (fields, written)
    }

    /// Adds `amount` to a numeric field (missing counts as 0).
    mutating func add(_ key: String, field: String, amount: Double, now: Int64) -> [String] {
        var current = 0.0
        if case .object(let m)? = lookup(key, now: now), case .number(let n)? = m.first(where: { $0.key == field })?.value {
            current = Double(n) ?? 0
        }
        return remember(key, fields: [.init(key: field, value: .number(JSONNumberText.format(current + amount)))], now: now)
    }

    /// Drops expired records now and then, so memory follows the live key
    /// space and not the length of the stream.
    private mutating func sweepIfDue(now: Int64) -> [String] {
        writesSinceSweep += 1
        guard writesSinceSweep >= max(1_024, records.count) else { return [] }
        writesSinceSweep = 0
        let expired = records.filter { now - $0.value.written >= ttl }.map(\.key)
        for k in expired { records[k] = nil }
        return expired.sorted()
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
