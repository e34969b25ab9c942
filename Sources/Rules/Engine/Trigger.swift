import EventPatterns

/// The event a rule is evaluated for: its envelope, and its whole document,
/// parsed only when a template or var needs more than the envelope.
final class Trigger {
    let id: String
    let source: String
    let detailType: String
    let account: String
    let region: String
    let timeText: String
    let time: Int64
    let depth: Int
    private let raw: [UInt8]?
    private var parsed: JSONValue?

    init(id: String, source: String, detailType: String, account: String, region: String,
         timeText: String, time: Int64, depth: Int, raw: [UInt8]?, document: JSONValue?) {
        self.id = id
        self.source = source
        self.detailType = detailType
        self.account = account
        self.region = region
        self.timeText = timeText
        self.time = time
        self.depth = depth
        self.raw = raw
        self.parsed = document
    }

    /// The whole event. The scanner has already validated the bytes, so a
    /// parse failure here cannot happen; `null` keeps that impossibility harmless.
    var document: JSONValue {
        if let parsed { return parsed }
        let value = (try? JSONValue.parse(raw ?? [])) ?? .null
        parsed = value
        return value
    }
}
