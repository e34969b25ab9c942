import Events
import JSON

/// The event a rule is evaluated for: its envelope, and its whole document,
/// parsed only when a template or var needs more than the scanned fields.
final class Trigger {
    let envelope: EventEnvelope
    /// 0 for an input event; how many engine-made events led to this one otherwise.
    let depth: Int
    private let raw: [UInt8]
    private var parsed: JSONValue?
    /// Why the whole document could not be read, if it could not.
    private(set) var documentError: JSONSyntaxError?

    init(envelope: EventEnvelope, depth: Int, raw: [UInt8], document: JSONValue?) {
        self.envelope = envelope
        self.depth = depth
        self.raw = raw
        self.parsed = document
    }

    var id: String { envelope.id }
    var time: Int64 { envelope.time }
    var timeText: String { envelope.timeText }
    var account: String { envelope.account ?? "" }
    var region: String { envelope.region ?? "" }

    /// The whole event. The scanner accepted the bytes, so jansson reads
    /// them too, except where its data model is stricter (`JSONValue`: a
    /// duplicate key the rules do not read, `\u0000` in a key); then it is
    /// `null`, `documentError` says why, and the engine counts it.
    var document: JSONValue {
        if let parsed { return parsed }
        let value: JSONValue
        do {
            value = try JSONValue.parse(raw)
        } catch {
            documentError = error
            value = .null
        }
        parsed = value
        return value
    }
}
