import JSON
import EventPatterns
import DeterministicRandom
import Testing

/// The reference evaluator walks `JSONValue`s itself; `EventFields(flattening:)`
/// is what the compiled matcher reads. On generated events, both must agree on
/// which values sit at a path and which pairs of values share an array element.
@Suite struct FlatteningAgreementTests {
    typealias SplitMix = SplitMix64

    static let keys = ["a", "b"]
    static let scalars: [JSONValue] = [.string("x"), .number("1"), .number("1.0"), .null]

    func value(_ depth: Int, _ rng: inout SplitMix) -> JSONValue {
        let roll = Int.random(in: 0..<10, using: &rng)
        if depth >= 4 || roll < 4 { return Self.scalars.randomElement(using: &rng)! }
        if roll < 7 {
            return .array((0..<Int.random(in: 0...3, using: &rng)).map { _ in value(depth + 1, &rng) })
        }
        return object(depth + 1, &rng)
    }

    /// One member per key, as a parsed document holds.
    func object(_ depth: Int, _ rng: inout SplitMix) -> JSONValue {
        .object(Self.keys.shuffled(using: &rng).prefix(Int.random(in: 1...Self.keys.count, using: &rng)).map { key in
            .init(key: key, value: value(depth, &rng))
        })
    }

    func path(_ rng: inout SplitMix) -> [String] {
        (0..<Int.random(in: 1...2, using: &rng)).map { _ in Self.keys.randomElement(using: &rng)! }
    }

    static func filter(_ v: JSONValue) -> ContentFilter {
        switch v.content {
        case .string(let s): return .string(s)
        case .number(let n): return .number(ComparableNumber(jsonLiteral: Array(n.utf8))!)
        case .bool(let b): return .boolean(b)
        default: return .null
        }
    }

    @Test func pairsOfConditionsAgreeWithTheFlattenedTrails() {
        var rng = SplitMix(seed: 20_260_101)
        var matched = 0
        var splitByArrays = 0
        for _ in 0..<7_500 {
            let event = object(0, &rng)
            let p1 = path(&rng)
            let p2 = path(&rng)
            let f1 = Self.filter(Self.scalars.randomElement(using: &rng)!)
            let f2 = Self.filter(Self.scalars.randomElement(using: &rng)!)
            let pattern = EventPattern(conditions: [
                FieldCondition(path: p1, filters: [f1]), FieldCondition(path: p2, filters: [f2]),
            ])

            var paths = FieldPaths()
            let id1 = paths.insert(p1)
            let id2 = paths.insert(p2)
            let fields = EventFields(flattening: event, paths: paths)
            func matches(_ field: Field, _ f: ContentFilter) -> Bool {
                Array(fields.value(of: field)).withUnsafeBufferPointer { f.matches(field.kind, $0) }
            }
            func consistent(_ a: Field, _ b: Field) -> Bool {
                for x in fields.trail(of: a) {
                    for y in fields.trail(of: b) where x.array == y.array && x.index != y.index { return false }
                }
                return true
            }
            let first = fields.fields.filter { $0.path == id1 && matches($0, f1) }
            let second = fields.fields.filter { $0.path == id2 && matches($0, f2) }
            let expected = first.contains { a in second.contains { b in consistent(a, b) } }
            let got = ReferenceMatcher.matches(pattern, event: event)
            if expected { matched += 1 }
            if !expected && !first.isEmpty && !second.isEmpty { splitByArrays += 1 }
            #expect(got == expected, "\(event.jsonText) \(p1)=\(f1) \(p2)=\(f2)")
            if got != expected { return }
        }
        // The generator exercises matches and array-consistency failures, not only misses.
        #expect(matched > 100)
        #expect(splitByArrays > 20)
    }

    @Test func absenceAgreesWithTheFlattenedFields() {
        var rng = SplitMix(seed: 7)
        for _ in 0..<2_000 {
            let event = object(0, &rng)
            let p = path(&rng)
            var paths = FieldPaths()
            let id = paths.insert(p)
            let present = EventFields(flattening: event, paths: paths).fields.contains { $0.path == id }
            let pattern = EventPattern(conditions: [FieldCondition(path: p, filters: [.exists(false)])])
            #expect(ReferenceMatcher.matches(pattern, event: event) == !present, "\(event.jsonText) \(p)")
        }
    }
}
