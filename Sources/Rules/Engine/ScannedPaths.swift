import EventPatterns

/// The JSON paths rules read from events, registered with the scanner so
/// that a path holding a single scalar is answered from the scanned fields,
/// without parsing the whole document. Anything else (a missing field, an
/// object, an array) is left to the document.
struct ScannedPaths {
    private var nodes: [JSONPath: (node: Int32, indexes: [Int32])] = [:]

    init(_ paths: Set<JSONPath>, into fieldPaths: inout FieldPaths) {
        for p in paths where !p.keys.isEmpty {
            let indexes = p.steps.compactMap { if case .index(let i) = $0 { Int32(i) } else { nil } }
            nodes[p] = (fieldPaths.insert(p.keys), indexes)
        }
    }

    /// The scalar at `path`, or nil when the fields cannot tell.
    func scalar(_ path: JSONPath, in fields: EventFields) -> JSONValue? {
        guard let (node, indexes) = nodes[path] else { return nil }
        var found: JSONValue?
        for f in fields.fields where f.path == node {
            guard f.trailCount == Int32(indexes.count) else { return nil }  // inside an array the path does not index
            let trail = fields.trail(of: f)
            guard zip(trail, indexes).allSatisfy({ $0.index == $1 }) else { continue }
            if found != nil { return nil }
            found = Self.value(f, fields)
        }
        return found
    }

    static func value(_ f: Field, _ fields: EventFields) -> JSONValue {
        switch f.kind {
        case .string: .string(String(decoding: fields.value(of: f), as: UTF8.self))
        case .number: .number(String(decoding: fields.value(of: f), as: UTF8.self))
        case .true: .bool(true)
        case .false: .bool(false)
        case .null: .null
        }
    }
}

extension Rule {
    /// Every JSON path the rule's vars and templates read.
    var jsonPaths: Set<JSONPath> {
        var out: Set<JSONPath> = []
        func add(_ d: VarDefinition) {
            switch d {
            case .path(let p): out.insert(p)
            case .lookup(_, let key, _): add(key)
            case .firstOf(let alternatives): alternatives.forEach(add)
            }
        }
        func add(_ t: Template) {
            for case .path(let p) in t.references { out.insert(p) }
        }
        vars.forEach(add)
        if let w = when {
            w.groupBy.map(add)
            w.per.map(add)
        }
        for a in actions { a.values.forEach(add) }
        return out
    }
}
