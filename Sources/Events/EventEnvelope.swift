import EventPatterns
import JSON

/// The EventBridge envelope of one event, validated.
///
/// Valid means (DESIGN.md: otherwise the record is dead-lettered):
/// - `id`, `source` and `detail-type` are non-empty strings;
/// - `time` is a string holding an RFC 3339 date-time;
/// - the optional `version`, `account` and `region` are strings when
///   present, and `resources`, when present, is an array of strings.
/// Problems are reported in that order, first one wins, as an
/// `EnvelopeError` with a stable code.
///
/// Built from the fields an `EventScanner` yielded, using the ids in the
/// scanner's `envelope`; `json(detail:)` writes one (every event the engine makes).
package struct EventEnvelope: Hashable, Sendable {
    package var version: String?
    package var id: String
    package var source: String
    package var detailType: String
    /// Milliseconds since the Unix epoch.
    package var time: Int64
    /// `time` as written in the event.
    package var timeText: String
    package var account: String?
    package var region: String?
    package var resources: [String]

    package init(
        version: String? = "0", id: String, source: String, detailType: String, time: Int64, timeText: String? = nil,
        account: String? = nil, region: String? = nil, resources: [String] = []
    ) {
        self.version = version
        self.id = id
        self.source = source
        self.detailType = detailType
        self.time = time
        self.timeText = timeText ?? RFC3339.format(milliseconds: time)
        self.account = account
        self.region = region
        self.resources = resources
    }

    /// The event as JSON, the envelope's members in EventBridge's order
    /// (`version`, `id`, `detail-type`, `source`, `account`, `time` as
    /// written, `region`, `resources`), then `detail`; an absent `account` or
    /// `region` is written as "". `resources`, when given, replaces the
    /// envelope's strings (an `emit` rule may render any JSON there).
    /// Every event the engine makes is built here.
    package func json(detail: JSONValue, resources: JSONValue? = nil) -> JSONValue {
        .object([
            "version": .string(version ?? "0"),
            "id": .string(id),
            "detail-type": .string(detailType),
            "source": .string(source),
            "account": .string(account ?? ""),
            "time": .string(timeText),
            "region": .string(region ?? ""),
            "resources": resources ?? .array(self.resources.map(JSONValue.string)),
            "detail": detail,
        ])
    }

    package init(fields: EventFields, paths: EnvelopePaths) throws(EnvelopeError) {
        let located = try Located(fields, paths)
        func text(_ field: Field?) -> String? { field.map { fields.string(of: $0) } }
        self.init(
            version: text(located.version), id: fields.string(of: located.id), source: fields.string(of: located.source),
            detailType: fields.string(of: located.detailType), time: located.time,
            timeText: fields.string(of: located.timeField),
            account: text(located.account), region: text(located.region),
            resources: fields.fields.lazy.filter { $0.path == paths.resources }.map { fields.string(of: $0) })
    }

    /// Checks the envelope without building strings and returns its time
    /// (epoch milliseconds): what the consumer needs for every event, while
    /// the full envelope is needed only for events that matched.
    package static func validate(_ fields: EventFields, paths: EnvelopePaths) throws(EnvelopeError) -> Int64 {
        try Located(fields, paths).time
    }

    /// Where the envelope's fields are in an `EventFields`, checked. Holds
    /// no arrays, so validating allocates nothing.
    private struct Located {
        var version: Field?
        var id: Field
        var source: Field
        var detailType: Field
        var timeField: Field
        var time: Int64
        var account: Field?
        var region: Field?

        init(_ fields: EventFields, _ paths: EnvelopePaths) throws(EnvelopeError) {
            var found = Slots()
            for field in fields.fields {
                guard let which = paths.field(for: field.path) else { continue }
                if which == .resources {
                    guard case .absent = found[which] else { continue }
                    if field.trailCount == 0 {
                        found[which] = .wrong(Self.describe(field.kind))
                    } else if field.trailCount > 1 {
                        found[which] = .wrong("a nested array")
                    } else if field.kind != .string {
                        found[which] = .wrong("an array holding \(Self.describe(field.kind))")
                    }
                    continue
                }
                guard case .absent = found[which] else { continue }
                if field.trailCount > 0 {
                    found[which] = .wrong("an array")
                } else if field.kind != .string {
                    found[which] = .wrong(Self.describe(field.kind))
                } else if field.valueCount == 0 && which.isRequired && which != .time {
                    found[which] = .wrong("an empty string")
                } else {
                    found[which] = .string(field)
                }
            }

            func required(_ which: EnvelopeField) throws(EnvelopeError) -> Field {
                switch found[which] {
                case .absent: throw EnvelopeError(field: which, problem: .missing)
                case .wrong(let what): throw EnvelopeError(field: which, problem: .wrongType(found: what))
                case .string(let field): return field
                }
            }
            func optional(_ which: EnvelopeField) throws(EnvelopeError) -> Field? {
                switch found[which] {
                case .absent: return nil
                case .wrong(let what): throw EnvelopeError(field: which, problem: .wrongType(found: what))
                case .string(let field): return field
                }
            }

            id = try required(.id)
            source = try required(.source)
            detailType = try required(.detailType)
            timeField = try required(.time)
            let timeBytes = fields.value(of: timeField)
            guard let millis = RFC3339.milliseconds(timeBytes) else {
                throw EnvelopeError(field: .time, problem: .unparsableTime(String(decoding: timeBytes.prefix(64), as: UTF8.self)))
            }
            time = millis
            version = try optional(.version)
            account = try optional(.account)
            region = try optional(.region)
            _ = try optional(.resources)
        }

        private enum Found {
            case absent
            case string(Field)
            case wrong(String)
        }

        /// One `Found` per envelope field, in stored properties rather than an array.
        private struct Slots {
            var version = Found.absent, id = Found.absent, detailType = Found.absent, source = Found.absent
            var account = Found.absent, time = Found.absent, region = Found.absent, resources = Found.absent

            subscript(_ field: EnvelopeField) -> Found {
                get {
                    switch field {
                    case .version: return version
                    case .id: return id
                    case .detailType: return detailType
                    case .source: return source
                    case .account: return account
                    case .time: return time
                    case .region: return region
                    case .resources: return resources
                    }
                }
                set {
                    switch field {
                    case .version: version = newValue
                    case .id: id = newValue
                    case .detailType: detailType = newValue
                    case .source: source = newValue
                    case .account: account = newValue
                    case .time: time = newValue
                    case .region: region = newValue
                    case .resources: resources = newValue
                    }
                }
            }
        }

        private static func describe(_ kind: FieldKind) -> String {
            switch kind {
            case .string: return "a string"
            case .number: return "a number"
            case .true: return "true"
            case .false: return "false"
            case .null: return "null"
            }
        }
    }
}
