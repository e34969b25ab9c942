/// Why event bytes are not a JSON document the engine accepts, and where.
///
/// `offset` counts bytes from the start of the input (0-based): the byte that
/// broke the grammar, the first byte of a bad UTF-8 sequence or escape, or the
/// input's length when it ends too early. Records that fail here go to the
/// dead-letter topic with `code` (always `invalid-json`) and `message`.
package struct EventDecodingError: Error, Hashable, Sendable, CustomStringConvertible {
    package enum Reason: Hashable, Sendable {
        case unexpectedEnd
        /// A byte the grammar does not allow here; `expected` says what would have fit.
        case unexpectedByte(UInt8, expected: String)
        case topLevelNotObject
        case trailingData
        case invalidUTF8
        case controlCharacterInString
        case invalidEscape
        case invalidUnicodeEscape
        case unpairedSurrogate
        case invalidNumber
        case invalidLiteral
        case nestingTooDeep(limit: Int)
        /// A key read at an object appears there twice (see `EventScanner` for which keys are read).
        case duplicateKey
        case inputTooLarge
    }

    package let offset: Int
    package let reason: Reason

    package init(offset: Int, reason: Reason) {
        self.offset = offset
        self.reason = reason
    }

    /// The dead-letter reason code for every decoding failure.
    package var code: String { "invalid-json" }

    package var message: String {
        "\(reasonText) at byte \(offset)"
    }

    package var description: String { message }

    private var reasonText: String {
        switch reason {
        case .unexpectedEnd: return "unexpected end of input"
        case .unexpectedByte(let byte, let expected): return "expected \(expected) but found \(Self.show(byte))"
        case .topLevelNotObject: return "top-level value is not an object"
        case .trailingData: return "unexpected data after the top-level object"
        case .invalidUTF8: return "invalid UTF-8"
        case .controlCharacterInString: return "unescaped control character in string"
        case .invalidEscape: return "invalid escape sequence"
        case .invalidUnicodeEscape: return "invalid \\u escape"
        case .unpairedSurrogate: return "unpaired UTF-16 surrogate escape"
        case .invalidNumber: return "invalid number"
        case .invalidLiteral: return "invalid literal"
        case .nestingTooDeep(let limit): return "nesting deeper than \(limit)"
        case .duplicateKey: return "duplicate key"
        case .inputTooLarge: return "input larger than \(Int32.max) bytes"
        }
    }

    private static func show(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        let hex = String(byte, radix: 16, uppercase: true)
        return "byte 0x" + (hex.count == 1 ? "0" + hex : hex)
    }
}
