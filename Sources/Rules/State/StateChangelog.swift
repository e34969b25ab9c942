import JSON

/// The changelog: how an engine's state is written to the changelog topic
/// (with its outputs) and read back after a restart or a rebalance. The
/// whole format is in this file.
///
/// Record keys are `<input topic>|<entry>`. An engine holds the state of one
/// input partition, and the changelog partition of the same number holds
/// that partition's state for every input topic. `<entry>` is a
/// `StateEntry.key` (a JSON array of strings, unambiguous whatever the names
/// hold), or `["offset"]` for the input position.
///
/// Record values: the entry's JSON, or none (a tombstone) once the entry is
/// gone; the input position is the next offset to read, in decimal.
/// - clock: the engine's event time in epoch milliseconds, `1715673600000`;
/// - table record: `{"fields": {…}, "written": ms, "added-by": [event ids]}`;
/// - window: `[[time ms, event id, value or null], …]`, oldest first;
/// - breaker: `{"state": "open", "since": ms, "deadline": ms or null,
///   "generation": n, "account": …, "region": …}`;
/// - notification cooldown: when it last sent, in epoch milliseconds.
package enum StateChangelog {
    /// The entry holding the next input offset of a partition.
    package static let offsetEntry = #"["offset"]"#

    package static func recordKey(inputTopic: String, entry: String) -> String {
        inputTopic + "|" + entry
    }

    /// The entry a record key names for `inputTopic`; nil for another topic's.
    package static func entry(ofRecordKey key: String, inputTopic: String) -> String? {
        let prefix = inputTopic + "|"
        return key.hasPrefix(prefix) ? String(key.dropFirst(prefix.count)) : nil
    }

    package static func offsetValue(_ offset: Int64) -> [UInt8] {
        Array(String(offset).utf8)
    }

    package static func offset(fromValue value: [UInt8]?) -> Int64? {
        value.flatMap { Int64(String(decoding: $0, as: UTF8.self)) }
    }

    // MARK: - Values

    static func value(ofInstant ms: Int64) -> JSONValue { .number(ms) }

    static func instant(_ value: JSONValue?) -> Int64? {
        value?.numberLiteral.flatMap { Int64($0) }
    }

    static func value(of record: FactTable.Record) -> JSONValue {
        [
            "fields": .object(record.fields),
            "written": .number(record.written),
            "added-by": .array(record.addedBy.map(JSONValue.string)),
        ]
    }

    static func record(_ value: JSONValue?) -> FactTable.Record? {
        guard let value, let fields = value["fields"]?.objectValue, let written = instant(value["written"]) else { return nil }
        let addedBy = value["added-by"]?.arrayValue?.compactMap(\.stringValue) ?? []
        return FactTable.Record(fields: fields, written: written, addedBy: addedBy)
    }

    static func value(of window: SlidingWindow) -> JSONValue {
        .array(window.entries.map { .array([.number($0.time), .string($0.id), $0.value ?? .null]) })
    }

    static func window(_ value: JSONValue) -> SlidingWindow? {
        guard let items = value.arrayValue else { return nil }
        var entries: [SlidingWindow.Entry] = []
        for item in items {
            guard item.count == 3, let time = instant(item[0]), let id = item[1]?.stringValue, let stored = item[2] else { return nil }
            entries.append(.init(time: time, id: id, value: stored.isNull ? nil : stored))
        }
        return SlidingWindow(entries: entries)
    }

    /// Everything but the spec, which comes from the rules.
    static func value(of breaker: CircuitBreaker) -> JSONValue {
        [
            "state": .string(breaker.state.rawValue),
            "since": .number(breaker.since),
            "deadline": breaker.deadline.map { .number($0) } ?? .null,
            "generation": .number(breaker.generation),
            "account": .string(breaker.account),
            "region": .string(breaker.region),
        ]
    }

    static func breaker(_ value: JSONValue, spec: BreakerSpec) -> CircuitBreaker? {
        guard let name = value["state"]?.stringValue, let state = CircuitBreaker.State(rawValue: name),
              let since = value["since"]?.numberLiteral, let generation = value["generation"]?.numberLiteral
        else { return nil }
        return CircuitBreaker(
            spec: spec, state: state, since: Int64(since) ?? 0, deadline: instant(value["deadline"]),
            generation: Int(generation) ?? 0, account: value["account"]?.stringValue ?? "",
            region: value["region"]?.stringValue ?? "")
    }
}

/// One piece of engine state, as keyed in the changelog.
package enum StateEntry: Hashable, Sendable {
    case clock
    case table(String, String)
    case window(String, String)
    case breaker(String, String)
    case notified(String)

    /// The changelog entry: a JSON array, unambiguous whatever the names hold.
    package var key: String {
        let parts: [String] =
            switch self {
            case .clock: ["clock"]
            case .table(let t, let k): ["table", t, k]
            case .window(let r, let k): ["window", r, k]
            case .breaker(let n, let k): ["breaker", n, k]
            case .notified(let k): ["notified", k]
            }
        return JSONValue.array(parts.map(JSONValue.string)).jsonText
    }

    package init?(key: String) {
        guard let items = (try? JSONValue.parse(key))?.arrayValue else { return nil }
        let parts = items.compactMap(\.stringValue)
        guard parts.count == items.count, let kind = parts.first else { return nil }
        switch (kind, parts.count) {
        case ("clock", 1): self = .clock
        case ("table", 3): self = .table(parts[1], parts[2])
        case ("window", 3): self = .window(parts[1], parts[2])
        case ("breaker", 3): self = .breaker(parts[1], parts[2])
        case ("notified", 2): self = .notified(parts[1])
        default: return nil
        }
    }
}
