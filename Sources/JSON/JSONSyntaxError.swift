/// Why a JSON text was rejected, and where: jansson's report (or ours, for
/// the checks jansson does not make), with a `kind` for callers that act on it.
package struct JSONSyntaxError: Error, Hashable, Sendable, CustomStringConvertible {
    package enum Kind: Hashable, Sendable {
        case syntax
        case invalidUTF8
        case unexpectedEnd
        case trailingData
        /// Every duplicate key is rejected (see `JSONValue`); `path` says where.
        case duplicateKey
        /// jansson cannot read a `\u0000` in an object key.
        case nulInKey
        case nestingTooDeep
        case other
    }

    /// One step from the top-level value towards where a problem is.
    package enum PathStep: Hashable, Sendable {
        case key(String)
        case index(Int)
    }

    package var kind: Kind
    /// Bytes from the start of the input to where the problem was found.
    package var offset: Int
    /// 1-based line (lines end at `\n`).
    package var line: Int
    /// 1-based column, counted in Unicode scalars from the start of the line.
    package var column: Int
    package var message: String
    /// For `duplicateKey`: the steps to the duplicate, its key last.
    package var path: [PathStep]

    package init(kind: Kind, offset: Int, line: Int, column: Int, message: String, path: [PathStep] = []) {
        self.kind = kind
        self.offset = offset
        self.line = line
        self.column = column
        self.message = message
        self.path = path
    }

    package var description: String { "\(line):\(column): \(message)" }
}
