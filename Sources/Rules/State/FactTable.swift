import JSON

/// Facts learned from events (which job runs on which instance, which group
/// an instance belongs to), each record expiring `ttl` after its last write.
/// Time is event time: expiry is judged against the engine's clock.
struct FactTable {
    let ttl: Int64
    struct Record {
        /// One member per field name, in the order they were first written.
        var fields: [JSONValue.Member]
        var written: Int64
        /// Events whose `add` already counted here: a redelivered event
        /// (same `id`) must not count twice. The most recent few are enough,
        /// since redeliveries come close together.
        var addedBy: [String] = []
    }

    static let rememberedAdds = 64

    private var records: [String: Record] = [:]
    private var writesSinceSweep = 0

    init(ttl: Int64) { self.ttl = ttl }

    var count: Int { records.count }
    var keys: Dictionary<String, Record>.Keys { records.keys }

    /// The record's fields, unless it has expired.
    func lookup(_ key: String, now: Int64) -> [JSONValue.Member]? {
        guard let r = records[key], now - r.written < ttl else { return nil }
        return r.fields
    }

    /// The stored record whether expired or not (for the changelog).
    func record(_ key: String) -> Record? { records[key] }

    /// Merges `fields` into the record: later writes replace fields by name
    /// and keep the rest (a checkpoint event adds a checkpoint to a known job).
    /// Returns the keys of records that expired and were dropped meanwhile.
    mutating func remember(_ key: String, fields: [JSONValue.Member], now: Int64) -> [String] {
        var merged = lookup(key, now: now) ?? []
        for f in fields {
            if let i = merged.firstIndex(where: { $0.key == f.key }) { merged[i] = f } else { merged.append(f) }
        }
        records[key] = Record(fields: merged, written: now, addedBy: records[key]?.addedBy ?? [])
        return sweepIfDue(now: now)
    }

    mutating func forget(_ key: String) {
        records[key] = nil
    }

    mutating func restore(_ key: String, _ record: Record) {
        records[key] = record
    }

    /// Adds `amount` to a numeric field (missing counts as 0), once per event id.
    mutating func add(_ key: String, field: String, amount: Double, now: Int64, eventID: String) -> [String] {
        if let r = records[key], now - r.written < ttl, r.addedBy.contains(eventID) { return [] }
        let current = lookup(key, now: now)?.first { $0.key == field }?.value.numberLiteral.flatMap { Double($0) } ?? 0
        let expired = remember(key, fields: [.init(key: field, value: .number(current + amount))], now: now)
        records[key]!.addedBy.append(eventID)
        if records[key]!.addedBy.count > Self.rememberedAdds { records[key]!.addedBy.removeFirst() }
        return expired
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
