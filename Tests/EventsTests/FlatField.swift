import EventPatterns
import Events

/// One flattened field with its path spelled out, so tests compare readable values.
struct FlatField: Equatable, CustomStringConvertible {
    var path: [String]
    var kind: FieldKind
    var value: [UInt8]
    var trail: [ArrayPosition]

    init(_ path: [String], _ kind: FieldKind, _ value: String = "", trail: [(Int32, Int32)] = []) {
        self.path = path
        self.kind = kind
        self.value = Array(value.utf8)
        self.trail = trail.map { ArrayPosition(array: $0.0, index: $0.1) }
    }

    init(path: [String], kind: FieldKind, value: [UInt8], trail: [ArrayPosition]) {
        self.path = path
        self.kind = kind
        self.value = value
        self.trail = trail
    }

    var text: String { String(decoding: value, as: UTF8.self) }

    var description: String {
        let trailText = trail.map { "(\($0.array),\($0.index))" }.joined()
        return "\(path.joined(separator: ".")) \(kind) \(text.debugDescription) \(trailText)"
    }

    /// Same field, numbers compared by value (the readers' agreed contract).
    func agrees(with other: FlatField) -> Bool {
        guard path == other.path, kind == other.kind, trail == other.trail else { return false }
        guard kind == .number else { return value == other.value }
        guard let a = ComparableNumber(jsonLiteral: value), let b = ComparableNumber(jsonLiteral: other.value) else {
            return false
        }
        return a == b
    }
}

extension EventFields {
    func flat(_ paths: FieldPaths) -> [FlatField] {
        fields.map {
            FlatField(path: paths.segments(of: $0.path), kind: $0.kind, value: Array(value(of: $0)), trail: Array(trail(of: $0)))
        }
    }
}
