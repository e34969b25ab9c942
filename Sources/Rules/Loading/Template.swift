import EventPatterns

/// A value reference in a template: `<job>`, `<job.queue>`, `<$.detail.x>`.
public enum ValueReference: Hashable, Sendable, CustomStringConvertible {
    /// A var (rule var or built-in) and the fields to descend into.
    case variable(String, fields: [String])
    case path(JSONPath)

    public var description: String {
        switch self {
        case .variable(let name, let fields): "<\(([name] + fields).joined(separator: "."))>"
        case .path(let p): "<\(p)>"
        }
    }
}

/// A JSON value with `<…>` placeholders, in the spirit of EventBridge input
/// templates. A string that is one placeholder keeps the value's JSON type;
/// placeholders inside text are inserted as text.
public indirect enum Template: Hashable, Sendable {
    public enum TextPart: Hashable, Sendable {
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
    public var references: [ValueReference] {
        switch self {
        case .literal: []
        case .reference(let r): [r]
        case .text(let parts): parts.compactMap { if case .reference(let r) = $0 { r } else { nil } }
        case .object(_, let values): values.flatMap(\.references)
        case .array(let items): items.flatMap(\.references)
        }
    }

    /// Renders with `resolve`; a missing value renders as `null` (or empty text).
    public func render(_ resolve: (ValueReference) -> JSONValue?) -> JSONValue {
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
        case .object(let keys, let values):
            return .object(zip(keys, values).map { .init(key: $0, value: $1.render(resolve)) })
        case .array(let items):
            return .array(items.map { $0.render(resolve) })
        }
    }

    /// Parses `text`'s placeholders; nil plus a message when one is malformed.
    public static func parse(_ text: String) -> Result<Template, TemplateSyntaxError> {
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

public struct TemplateSyntaxError: Error, Hashable, Sendable {
    public var message: String
}

extension JSONValue {
    /// How a value reads inside text: strings bare, numbers as written, the rest as JSON.
    public var templateText: String {
        switch self {
        case .string(let s): s
        case .number(let n): n
        default: jsonText
        }
    }
}
