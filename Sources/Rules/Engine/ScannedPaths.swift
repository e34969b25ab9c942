import EventPatterns
import Events
import JSON

/// The JSON paths rules read from events, registered with the scanner so
/// that a path holding a single scalar is answered from the scanned fields,
/// and a path the event's keys never lead to is known to be empty, both
/// without parsing the whole document. Anything else (an object, an array,
/// a value inside an array the path does not index) is left to the document.
struct ScannedPaths {
    enum Answer {
        case value(JSONValue)
        /// Nothing at the path.
        case absent
        case needsDocument
    }

    private var nodes: [JSONPath: (node: Int32, indexes: [Int32])] = [:]

    init(_ paths: Set<JSONPath>, into fieldPaths: inout FieldPaths) {
        for p in paths where !p.keys.isEmpty {
            let indexes = p.steps.compactMap { if case .index(let i) = $0 { Int32(i) } else { nil } }
            nodes[p] = (fieldPaths.insert(p.keys), indexes)
        }
    }

    /// What the scan (`fields`, `reached`) tells about the value at `path`.
    func lookup(_ path: JSONPath, in fields: EventFields, reached: ReachedNodes) -> Answer {
        guard let (node, indexes) = nodes[path] else { return .needsDocument }
        guard reached.contains(node) else { return .absent }
        var found: JSONValue?
        for f in fields.fields where f.path == node {
            guard f.trailCount == Int32(indexes.count) else { return .needsDocument }  // inside an array the path does not index
            let trail = fields.trail(of: f)
            guard zip(trail, indexes).allSatisfy({ $0.index == $1 }) else { continue }
            if found != nil { return .needsDocument }
            found = Self.value(f, fields)
        }
        return found.map(Answer.value) ?? .needsDocument
    }

    /// The scanner validated the bytes: a number's follow the grammar.
    static func value(_ f: Field, _ fields: EventFields) -> JSONValue {
        switch f.kind {
        case .string: .string(fields.string(of: f))
        case .number: .number(fields.string(of: f))
        case .true: .bool(true)
        case .false: .bool(false)
        case .null: .null
        }
    }
}
