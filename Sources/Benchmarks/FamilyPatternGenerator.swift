import EventPatterns
import Events
import Foundation

/// Pattern sets of one operator family for `bench match --family`, as JSON
/// texts, built from the values the events carry (so they mean something on
/// any corpus): pattern j names field j mod `spread` of the family's fields
/// and takes its operand from that field's values. Sets are deterministic for
/// a given corpus, and distinct patterns stay distinct at any count (a value
/// reused in a later round gets a round suffix). Each is shaped so that an
/// event matches a few patterns whatever the count — the bench measures the
/// matcher, not the size of its answer — except `exists`, where every pattern
/// on a field is one of two.
struct FamilyPatternGenerator {
    let family: PatternFamily
    /// The family's paths the events have, most frequent first, with their
    /// distinct values (strings as decoded, numbers as written) in first-seen order.
    let fields: [(path: [String], values: [String])]

    init(family: PatternFamily, corpus: EventCorpus) throws {
        self.family = family
        var paths = FieldPaths()
        let candidates = family.candidatePaths
        let ids = candidates.map { paths.insert($0) }
        var scanner = EventScanner(paths: paths)
        var fields = EventFields()
        var values = [[String]](repeating: [], count: candidates.count)
        var seen = [Set<String>](repeating: [], count: candidates.count)
        var occurrences = [Int](repeating: 0, count: candidates.count)
        let kind: FieldKind = family.readsNumbers ? .number : .string
        for i in 0..<corpus.count {
            try scanner.scan(Array(corpus.line(i)), into: &fields)
            for field in fields.fields where field.kind == kind {
                guard let k = ids.firstIndex(of: field.path) else { continue }
                occurrences[k] += 1
                let value = fields.string(of: field)
                if seen[k].insert(value).inserted { values[k].append(value) }
            }
        }
        let order = candidates.indices.filter { occurrences[$0] > 0 }.sorted { occurrences[$0] > occurrences[$1] }
        self.fields = order.map { (candidates[$0], values[$0]) }
    }

    /// `count` pattern texts spread over the first `spread` fields.
    func patterns(count: Int, spread: Int) -> [String] {
        if family == .mix {
            return BenchCorpusGenerator(seed: 7).patternTexts(count: count)
        }
        let spread = max(1, min(spread, fields.count))
        return (0..<count).map { j in pattern(j, field: j % spread, index: j / spread, perField: (count + spread - 1) / spread, spread: spread) }
    }

    /// Pattern j: the `index`-th of `perField` patterns on field `k`.
    private func pattern(_ j: Int, field k: Int, index: Int, perField: Int, spread: Int) -> String {
        let (path, values) = fields[k]
        let round = index / values.count
        var v = values[index % values.count]
        // A value's later rounds carry the round at both ends, so that every
        // operand cut from it (prefix, suffix, wildcard pieces) stays distinct.
        if round > 0 && !family.readsNumbers && family != .anythingBut && family != .cidr { v = "~\(round)~\(v)~\(round)~" }
        let bytes = Array(v.utf8)
        func piece(_ start: Int, _ length: Int) -> String {
            let s = max(0, min(start, bytes.count - length))
            return String(decoding: bytes[s..<min(bytes.count, s + length)], as: UTF8.self)
        }
        // Affixes and pieces keep the value's distinctive end: a prefix is all
        // but its last two bytes ("service:svc-1" of "service:svc-123").
        let long = max(1, bytes.count - 2)
        switch family {
        case .exact:
            return nest(path, "[\(quoted(v))]")
        case .prefix:
            return nest(path, #"[{"prefix":\#(quoted(piece(0, long)))}]"#)
        case .suffix:
            return nest(path, #"[{"suffix":\#(quoted(piece(bytes.count - long, long)))}]"#)
        case .equalsIgnoreCase:
            return nest(path, #"[{"equals-ignore-case":\#(quoted(v.uppercased()))}]"#)
        case .wildcard, .infix:
            let n = bytes.count
            let e = Self.escaped
            let shapes = [
                e(piece(0, long)) + "*",
                "*" + e(piece(n - long, long)),
                e(piece(0, 3)) + "*" + e(piece(n - 5, 5)),
                "*" + e(piece(n - 7, 6)) + "*",
                e(piece(0, 2)) + "*" + e(piece(n - 6, 4)) + "*" + e(piece(n - 2, 2)),
                "*" + e(piece(n / 4, 3)) + "*" + e(piece(n - 6, 5)) + "*",
            ]
            let w = family == .infix ? shapes[3] : shapes[j % shapes.count]
            return nest(path, #"[{"wildcard":\#(quoted(w))}]"#)
        case .anythingBut:
            // Every common value of the field, so that events match only the
            // one pattern in fifty that leaves one of them out.
            var list = Array(values.prefix(32))
            if index % 50 == 0 { list.remove(at: (index / 50) % list.count) }
            list.append("rule-\(j)")
            return nest(path, #"[{"anything-but":[\#(list.map(quoted).joined(separator: ","))]}]"#)
        case .numeric:
            let numbers = values.compactMap(Double.init)
            let low = numbers.min() ?? 0
            let span = max((numbers.max() ?? 1) - low, 1)
            let step = span / Double(perField)
            let a = low - 1.5 * step + Double(index) * step
            let b = a + 3 * step
            let bounds = index % 2 == 0 ? (">=", "<") : (">", "<=")
            return nest(path, #"[{"numeric":["\#(bounds.0)",\#(Self.decimal(a)),"\#(bounds.1)",\#(Self.decimal(b))]}]"#)
        case .cidr:
            let octets = v.split(separator: ".").compactMap { Int($0) }
            guard octets.count == 4 else { return nest(path, #"[{"cidr":"10.0.0.0/8"}]"#) }
            let bits = [24, 28, 30][j % 3]
            let mask = bits == 24 ? 0 : bits == 28 ? 0xF0 : 0xFC
            return nest(path, #"[{"cidr":"\#(octets[0]).\#(octets[1]).\#(octets[2]).\#(octets[3] & mask)/\#(bits)"}]"#)
        case .exists:
            return nest(path, #"[{"exists":\#(index % 2 == 0)}]"#)
        case .or:
            let (otherPath, otherValues) = fields[(k + 1) % spread]
            let other = Array(otherValues[(index * 7 + 3) % otherValues.count].utf8)
            let prefix = String(decoding: other.prefix(max(1, other.count - 2)), as: UTF8.self)
            let a = nest(path, "[\(quoted(v))]")
            let b = nest(otherPath, #"[{"prefix":\#(quoted(prefix + (round > 0 ? "~\(round)" : "")))}]"#)
            return #"{"$or":[\#(a),\#(b)]}"#
        case .mix:
            preconditionFailure("mix patterns come from BenchCorpusGenerator")
        }
    }

    private func nest(_ path: [String], _ value: String) -> String {
        path.reversed().reduce(value) { inner, key in "{\(quoted(key)):\(inner)}" }
    }

    private func quoted(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }

    /// A wildcard literal: `*` and `\` escaped.
    private static func escaped(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "*", with: "\\*")
    }

    /// Six decimals, enough to keep 100,000 bounds over a span of 100 distinct.
    private static func decimal(_ d: Double) -> String { String(format: "%.6f", d) }
}
