/// Why an input record is dead-lettered: it is not JSON the engine accepts,
/// or not an EventBridge envelope. `code` and `message` become the record's
/// dead-letter headers.
package enum EventRejection: Error, Hashable, Sendable, CustomStringConvertible {
    case invalidJSON(EventDecodingError)
    case invalidEnvelope(EnvelopeError)

    package var code: String {
        switch self {
        case .invalidJSON(let error): error.code
        case .invalidEnvelope(let error): error.code
        }
    }

    package var message: String {
        switch self {
        case .invalidJSON(let error): error.message
        case .invalidEnvelope(let error): error.message
        }
    }

    package var description: String {
        switch self {
        case .invalidJSON(let error): error.description
        case .invalidEnvelope(let error): error.description
        }
    }
}
