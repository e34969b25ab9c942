import JSON

/// The events of one group within a rule's window, in event time. Each event
/// `id` counts once, however often it is delivered.
struct SlidingWindow {
    struct Entry {
        var time: Int64
        var id: String
        /// What `distinct` and `sum` aggregate.
        var value: JSONValue?
    }

    /// Sorted by time.
    private(set) var entries: [Entry] = []
    private var ids: Set<String> = []

    var isEmpty: Bool { entries.isEmpty }

    /// Adds an event; false when its id is already in the window.
    mutating func add(time: Int64, id: String, value: JSONValue?) -> Bool {
        guard ids.insert(id).inserted else { return false }
        let e = Entry(time: time, id: id, value: value)
        // Events come nearly in order: search back from the end.
        var i = entries.count
        while i > 0 && entries[i - 1].time > time { i -= 1 }
        entries.insert(e, at: i)
        return true
    }

    /// Drops events at or before `now - length`.
    mutating func evict(now: Int64, length: Int64) {
        var k = 0
        while k < entries.count && entries[k].time <= now - length { k += 1 }
        if k > 0 {
            for e in entries[..<k] { ids.remove(e.id) }
            entries.removeFirst(k)
        }
    }

    func aggregate(_ a: WindowCondition.Aggregate) -> Double {
        switch a {
        case .count:
            return Double(entries.count)
        case .distinct:
            return Double(Set(entries.compactMap { $0.value?.jsonText }).count)
        case .sum:
            return entries.reduce(0) { sum, e in sum + (e.value?.numberLiteral.flatMap { Double($0) } ?? 0) }
        }
    }

    /// Event ids in the window, oldest first (the triggers of an action).
    var eventIDs: [String] { entries.map(\.id) }

    init() {}

    /// A window as the changelog recorded it (`StateChangelog`).
    init(entries: [Entry]) {
        for e in entries { _ = add(time: e.time, id: e.id, value: e.value) }
    }
}
