import EventPatterns
import Foundation
@testable import Events

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

func fieldPaths(_ paths: [[String]]) -> FieldPaths {
    var result = FieldPaths()
    for path in paths { result.insert(path) }
    return result
}

/// Scans `json` with a scanner for `paths` and returns the fields that are not envelope fields.
func scanned(_ json: String, _ paths: [[String]] = []) throws -> [FlatField] {
    try scanned(Array(json.utf8), paths)
}

func scanned(_ bytes: [UInt8], _ paths: [[String]] = []) throws -> [FlatField] {
    var scanner = EventScanner(paths: fieldPaths(paths))
    var fields = EventFields()
    try scanner.scan(bytes, into: &fields)
    let envelope = Set(EnvelopeField.allCases.map { [$0.rawValue] })
    return fields.flat(scanner.paths).filter { !envelope.contains($0.path) || paths.contains($0.path) }
}

/// The error scanning `json` throws, or nil when it is accepted.
func scanError(_ json: String, _ paths: [[String]] = []) -> EventDecodingError? {
    scanError(Array(json.utf8), paths)
}

func scanError(_ bytes: [UInt8], _ paths: [[String]] = []) -> EventDecodingError? {
    var scanner = EventScanner(paths: fieldPaths(paths))
    var fields = EventFields()
    do {
        try scanner.scan(bytes, into: &fields)
        return nil
    } catch {
        return error
    }
}

func parseError(_ bytes: [UInt8], requireObject: Bool = true) -> JSONParseError? {
    do {
        _ = try JSONDocument(parsing: bytes, requireObject: requireObject)
        return nil
    } catch {
        return error
    }
}

enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/events")

    static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    static var spotInterruption: [UInt8] { get throws { try bytes("spot-interruption-warning.json") } }
    static var autoScalingLaunch: [UInt8] { get throws { try bytes("autoscaling-launch-successful.json") } }
}

/// SplitMix64: a small seeded generator, so property tests replay exactly.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
