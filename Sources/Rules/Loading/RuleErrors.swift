/// Every problem found in a rules directory; loading reports them all at once
/// so that one `validate` run shows everything to fix.
package struct RuleErrors: Error, Sendable, CustomStringConvertible {
    package var errors: [RuleError]

    package init(_ errors: [RuleError]) { self.errors = errors }

    package var description: String { errors.map(\.description).joined(separator: "\n") }
}
