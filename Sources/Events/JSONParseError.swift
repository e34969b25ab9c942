/// Why `JSONDocument` could not parse some bytes: jansson's own report
/// (`message`, 1-based `line` and `column`, byte `position`) plus a `kind`
/// for callers that act on the reason.
public struct JSONParseError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        case syntax
        case invalidUTF8
        case unexpectedEnd
        case trailingData
        /// jansson rejects every duplicate key (`JSON_REJECT_DUPLICATES`).
        case duplicateKey
        /// jansson cannot hold a `\u0000` in an object key.
        case nulInKey
        /// A number beyond the range of a double (jansson keeps no literal text).
        case numberOutOfRange
        case nestingTooDeep
        case topLevelNotObject
        case other
    }

    public let kind: Kind
    public let line: Int
    public let column: Int
    /// Bytes from the start of the input.
    public let position: Int
    public let message: String

    public init(kind: Kind, line: Int, column: Int, position: Int, message: String) {
        self.kind = kind
        self.line = line
        self.column = column
        self.position = position
        self.message = message
    }

    /// The dead-letter reason code, the same as `EventDecodingError.code`.
    public var code: String { "invalid-json" }

    public var description: String { "line \(line), column \(column) (byte \(position)): \(message)" }
}
