import JSON

/// A JSON value with `<…>` placeholders, in the spirit of EventBridge input
/// templates. A string that is one placeholder keeps the value's JSON type;
/// placeholders inside text are inserted as text.
package indirect enum Template: Hashable, Sendable {
    package enum TextPart: Hashable, Sendable {
        case literal(String)
        case reference(ValueReference)
    }

    case literal(JSONValue)
    case reference(ValueReference)
    case text([TextPart])
    case object([String], [Template])
    case array([Template])

    /// Every reference in the template, for validation and for deciding which
    /// fields the scanner must extract.
    package var references: [ValueReference] {
        switch self {
        case .literal: []
        case .reference(let r): [r]
        case .text(let parts): parts.compactMap { if case .reference(let r) = $0 { r } else { nil } }
        case .object(_, let values): values.flatMap(\.references)
        case .array(let items): items.flatMap(\.references)
        }
    }

    /// Renders with `resolve`; a missing value renders as `null` (or empty text).
    package func render(_ resolve: (ValueReference) -> JSONValue?) -> JSONValue {
        switch self {
        case .literal(let v): return v
        case .reference(let r): return resolve(r) ?? .null
        case .text(let parts):
            var s = ""
            for p in parts {
                switch p {
                case .literal(let t): s += t
                case .reference(let r): if let v = resolve(r) { s += v.templateText }
                }
            }
            return .string(s)
        case .object:
            return .object(renderMembers(resolve)!)
        case .array(let items):
            return .array(items.map { $0.render(resolve) })
        }
    }

    /// The members an object template renders to, without building the
    /// object; nil when the template does not render to an object.
    package func renderMembers(_ resolve: (ValueReference) -> JSONValue?) -> [JSONValue.Member]? {
        if case .object(let keys, let values) = self {
            return zip(keys, values).map { .init(key: $0, value: $1.render(resolve)) }
        }
        return render(resolve).objectValue
    }

    /// Parses `text`'s placeholders; nil plus a message when one is malformed.
    package static func parse(_ text: String) -> Result<Template, TemplateSyntaxError> {
        var parts: [TextPart] = []
        var literal = ""
        var rest = Substring(text)
        while let c = rest.first {
            if c == "<" {
                if rest.dropFirst().first == "<" {
                    literal.append("<")
                    rest = rest.dropFirst(2)
                    continue
                }
                guard let close = rest.firstIndex(of: ">") else {
                    return .failure(.init(message: "unclosed '<' in template (write '<<' for a literal '<')"))
                }
                let inner = String(rest[rest.index(after: rest.startIndex)..<close])
                guard let ref = parseReference(inner) else {
                    return .failure(.init(message: "invalid placeholder '<\(inner)>'"))
                }
                if !literal.isEmpty { parts.append(.literal(literal)); literal = "" }
                parts.append(.reference(ref))
                rest = rest[rest.index(after: close)...]
            } else {
                literal.append(c)
                rest = rest.dropFirst()
            }
        }
        if !literal.isEmpty { parts.append(.literal(literal)) }
        if parts.count == 1, case .reference(let r) = parts[0] { return .success(.reference(r)) }
        if parts.allSatisfy({ if case .literal = $0 { true } else { false } }) {
            return .success(.literal(.string(parts.map { if case .literal(let t) = $0 { t } else { "" } }.joined())))
        }
        return .success(.text(parts))
    }

    static func parseReference(_ inner: String) -> ValueReference? {
        if inner.hasPrefix("$") { return JSONPath(inner).map(ValueReference.path) }
        let names = inner.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard names.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" } })
        else { return nil }
        return .variable(names[0], fields: Array(names.dropFirst()))
    }
}
