import JSON
import Yams

/// A node of a rule file with its location, read with errors that point at it.
struct RuleNode {
    let node: Node
    let file: String

    var location: SourceLocation {
        SourceLocation(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
    }

    func error(_ message: String) -> RuleError { RuleError(location, message) }

    func mapping(_ what: String) throws(RuleError) -> RuleMapping {
        guard case .mapping(let m) = node else { throw error("\(what) must be a mapping") }
        var entries: [RuleMapping.Entry] = []
        for (k, v) in m {
            let key = RuleNode(node: k, file: file)
            guard case .scalar(let s) = k else { throw key.error("keys must be strings") }
            if let earlier = entries.first(where: { $0.key == s.string }) {
                throw key.error("duplicate key '\(s.string)' (first at \(earlier.keyNode.location))")
            }
            entries.append(.init(key: s.string, keyNode: key, value: RuleNode(node: v, file: file)))
        }
        return RuleMapping(entries: entries, owner: self)
    }

    func sequence(_ what: String) throws(RuleError) -> [RuleNode] {
        guard case .sequence(let s) = node else { throw error("\(what) must be a list") }
        return s.map { RuleNode(node: $0, file: file) }
    }

    var isSequence: Bool { if case .sequence = node { true } else { false } }
    var isMapping: Bool { if case .mapping = node { true } else { false } }

    /// A scalar as text (numbers and booleans included, as written).
    func string(_ what: String) throws(RuleError) -> String {
        guard case .scalar(let s) = node else { throw error("\(what) must be a string") }
        return s.string
    }

    func duration(_ what: String) throws(RuleError) -> Int64 {
        let text = try string(what)
        guard let ms = DurationSyntax.milliseconds(text), ms > 0 else {
            throw error("\(what): invalid duration '\(text)' (use e.g. 90s, 5m, 1h, 2h30m)")
        }
        return ms
    }

    func number(_ what: String) throws(RuleError) -> Double {
        guard let text = try json().numberLiteral, let d = Double(text) else {
            throw error("\(what) must be a number")
        }
        return d
    }

    /// The node as JSON, with YAML 1.2 core-schema scalars: plain `true`,
    /// `false`, `null`, `~` and numbers keep their types, everything else
    /// (quoted or not) is a string, so `on` or `no` never turn into booleans.
    func json() throws(RuleError) -> JSONValue {
        switch node {
        case .scalar(let s):
            guard s.style == .plain else { return .string(s.string) }
            switch s.string {
            case "true", "True", "TRUE": return .bool(true)
            case "false", "False", "FALSE": return .bool(false)
            case "null", "Null", "NULL", "~", "": return .null
            default:
                if JSONNumberGrammar.isValid(Array(s.string.utf8)) { return .number(s.string) }
                return .string(s.string)
            }
        case .sequence(let seq):
            var out: [JSONValue] = []
            for n in seq { out.append(try RuleNode(node: n, file: file).json()) }
            return .array(out)
        case .mapping:
            let m = try mapping("value")
            var out: [JSONValue.Member] = []
            for e in m.entries { out.append(.init(key: e.key, value: try e.value.json())) }
            return .object(out)
        case .alias:
            throw error("YAML aliases are not supported in rule files")
        }
    }

    /// The node reached from here by a pattern error path such as
    /// `detail.state[0].numeric`, as far as it can be followed.
    func descend(_ path: String) -> RuleNode {
        var here = self
        var rest = Substring(path)
        while !rest.isEmpty {
            if rest.first == "[" {
                guard let close = rest.firstIndex(of: "]"), let i = Int(rest[rest.index(after: rest.startIndex)..<close]),
                      case .sequence(let s) = here.node, i >= 0, i < s.count else { break }
                here = RuleNode(node: s[i], file: file)
                rest = rest[rest.index(after: close)...]
                if rest.first == "." { rest = rest.dropFirst() }
                continue
            }
            guard case .mapping(let m) = here.node else { break }
            // Keys may contain dots: take the longest key that the path starts with.
            let candidates = m.compactMap { (k, v) -> (String, Node)? in
                guard case .scalar(let s) = k, rest.hasPrefix(s.string) else { return nil }
                let after = rest.dropFirst(s.string.count)
                return after.isEmpty || after.first == "." || after.first == "[" ? (s.string, v) : nil
            }
            guard let (key, value) = candidates.max(by: { $0.0.count < $1.0.count }) else { break }
            here = RuleNode(node: value, file: file)
            rest = rest.dropFirst(key.count)
            if rest.first == "." { rest = rest.dropFirst() }
        }
        return here
    }
}
