/// A value reference in a template: `<job>`, `<job.queue>`, `<$.detail.x>`.
package enum ValueReference: Hashable, Sendable, CustomStringConvertible {
    /// A var (rule var or built-in) and the fields to descend into.
    case variable(String, fields: [String])
    case path(JSONPath)

    package var description: String {
        switch self {
        case .variable(let name, let fields): "<\(([name] + fields).joined(separator: "."))>"
        case .path(let p): "<\(p)>"
        }
    }
}
