/// Why a well-formed JSON event is not a usable EventBridge envelope.
///
/// `code` is stable (`missing-id`, `invalid-time`, …) because it becomes a
/// dead-letter header that operators filter on; `message` is for humans and
/// may change.
package struct EnvelopeError: Error, Hashable, Sendable, CustomStringConvertible {
    package enum Problem: Hashable, Sendable {
        /// No scalar at the field's key. An object there also reads as
        /// missing: the scanner yields scalars only.
        case missing
        /// A value of the wrong JSON type, e.g. a number for `id`, an array
        /// for `source`, or a non-string element of `resources`.
        case wrongType(found: String)
        /// `time` is a string but not an RFC 3339 date-time.
        case unparsableTime(String)
    }

    package let field: EnvelopeField
    package let problem: Problem

    package init(field: EnvelopeField, problem: Problem) {
        self.field = field
        self.problem = problem
    }

    package var code: String {
        switch problem {
        case .missing: return "missing-\(field.rawValue)"
        case .wrongType, .unparsableTime: return "invalid-\(field.rawValue)"
        }
    }

    package var message: String {
        switch problem {
        case .missing:
            return "envelope field `\(field.rawValue)` is missing"
        case .wrongType(let found):
            let wanted = field == .resources ? "an array of strings" : "a string"
            return "envelope field `\(field.rawValue)` must be \(wanted), found \(found)"
        case .unparsableTime(let text):
            return "envelope field `time` is not an RFC 3339 date-time: \"\(text)\""
        }
    }

    package var description: String { "\(code): \(message)" }
}
