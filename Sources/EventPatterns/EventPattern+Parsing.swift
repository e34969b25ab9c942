import JSON

/// Why a pattern was rejected: where (`path`, e.g. `detail.state[0].numeric`,
/// empty for the whole pattern) and why.
package struct PatternError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Object keys joined by `.`, array elements as `[i]`, `$or` branches as
    /// `$or[i]`; operator names as keys (`detail.n[0].numeric`).
    package var path: String
    package var message: String

    package init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    /// `path: message`, or just the message for the whole pattern.
    package var description: String { path.isEmpty ? message : "\(path): \(message)" }
}

/// The size limits a pattern must respect; larger ones are rejected rather
/// than risking a matcher that explodes.
package enum PatternLimits {
    /// Pattern text accepted by `EventPattern(json:)`, in UTF-8 bytes.
    package static let maxTextBytes = 256 * 1024
    /// Nesting of objects in the pattern: keys along a field path plus `$or`
    /// levels (`{"detail": {"a": [..]}}` is depth 2).
    package static let maxDepth = 32
    /// Field conditions in one pattern, counted over every `$or` branch.
    package static let maxFields = 1_000
    /// Match values in one pattern (each exact value, operator and
    /// `anything-but` list entry counts once).
    package static let maxValues = 10_000
    /// UTF-8 bytes of one string argument (value, prefix, wildcard, …).
    package static let maxStringBytes = 4_096
    /// Alternatives a pattern stands for once every `$or` is multiplied out
    /// (event-ruler expands `$or` this way; so may a compiled matcher).
    package static let maxAlternatives = 1_024
}

extension EventPattern {
    /// Parses and validates a pattern from JSON text.
    package init(json: String) throws(PatternError) {
        let bytes = Array(json.utf8)
        guard bytes.count <= PatternLimits.maxTextBytes else {
            throw PatternError(
                path: "", message: "pattern too big: \(bytes.count) bytes (limit \(PatternLimits.maxTextBytes))")
        }
        let value: JSONValue
        do {
            value = try JSONValue.parse(bytes)
        } catch where error.kind == .duplicateKey {
            throw PatternError(path: PatternParser.display(error.path), message: error.message)
        } catch {
            throw PatternError(path: "", message: "invalid JSON at \(error.line):\(error.column): \(error.message)")
        }
        try self.init(value)
    }

    /// Validates a parsed pattern. See `PatternLimits` for the size limits.
    package init(_ value: JSONValue) throws(PatternError) {
        guard case .object(let members) = value.content else {
            throw PatternError(path: "", message: "pattern must be a JSON object, got \(value.typeName)")
        }
        var parser = PatternParser()
        let pattern = try parser.parseObject(members, prefix: [], display: "", depth: 1, insideOr: false)
        let alternatives = pattern.alternativeCount
        if alternatives > PatternLimits.maxAlternatives {
            throw PatternError(
                path: "",
                message: "pattern too big: its $or groups multiply out to \(alternatives) alternatives (limit \(PatternLimits.maxAlternatives))"
            )
        }
        self = pattern
    }

    /// How many alternatives the pattern stands for once every `$or` is
    /// multiplied out (saturating at `Int.max`).
    package var alternativeCount: Int {
        var total = 1
        for group in anyOf {
            var sum = 0
            for branch in group {
                let (s, o) = sum.addingReportingOverflow(branch.alternativeCount)
                sum = o ? Int.max : s
            }
            let (p, o) = total.multipliedReportingOverflow(by: sum)
            total = o ? Int.max : p
        }
        return total
    }
}

/// Operator names event-ruler reserves: inside `$or` they cannot be field names.
private let reservedInsideOr: Set<String> = [
    "exactly", "equals-ignore-case", "prefix", "suffix", "anything-but", "exists", "wildcard", "numeric", "cidr",
    "=", "<", "<=", ">", ">=", "regex", "not-wildcard", "not-equals-ignore-case", "date-after", "date-on-or-after",
    "date-before", "date-on-or-before", "in-date-range", "ip-address-in-range", "ip-address-not-in-range",
]

private let operatorNames =
    "prefix, suffix, equals-ignore-case, anything-but, numeric, exists, cidr, wildcard"

private struct PatternParser {
    var fields = 0
    var values = 0

    static func join(_ display: String, _ key: String) -> String {
        display.isEmpty ? key : display + "." + key
    }

    /// A place in the pattern's JSON in the form of `PatternError.path`.
    static func display(_ path: [JSONSyntaxError.PathStep]) -> String {
        path.reduce(into: "") { text, step in
            switch step {
            case .key(let key): text = join(text, key)
            case .index(let index): text += "[\(index)]"
            }
        }
    }

    mutating func parseObject(
        _ members: [JSONValue.Member], prefix: [String], display: String, depth: Int, insideOr: Bool
    ) throws(PatternError) -> EventPattern {
        if depth > PatternLimits.maxDepth {
            throw PatternError(path: display, message: "pattern too deep: more than \(PatternLimits.maxDepth) nested objects")
        }
        if members.isEmpty {
            throw PatternError(path: display, message: "empty object: a pattern object needs at least one field")
        }
        // No duplicate keys to look for: a JSONValue object cannot hold any
        // (parsing rejects them, as rule files do).
        var pattern = EventPattern(conditions: [])
        for member in members {
            let key = member.key
            let here = Self.join(display, key)
            if key == "$or" {
                pattern.anyOf.append(try parseOr(member.value, prefix: prefix, display: here, depth: depth))
                continue
            }
            if insideOr && reservedInsideOr.contains(key) {
                throw PatternError(
                    path: here, message: "\"\(key)\" is a reserved operator name and cannot be a field name inside $or")
            }
            let path = prefix + [key]
            switch member.value.content {
            case .object(let inner):
                let sub = try parseObject(inner, prefix: path, display: here, depth: depth + 1, insideOr: insideOr)
                pattern.conditions += sub.conditions
                pattern.anyOf += sub.anyOf
            case .array(let elements):
                fields += 1
                if fields > PatternLimits.maxFields {
                    throw PatternError(
                        path: here, message: "pattern too big: more than \(PatternLimits.maxFields) field conditions")
                }
                pattern.conditions.append(FieldCondition(path: path, filters: try parseValues(elements, display: here)))
            default:
                throw PatternError(
                    path: here,
                    message: "field value must be an array of match values or a nested object, got \(member.value.typeName)"
                )
            }
        }
        return pattern
    }

    mutating func parseOr(_ value: JSONValue, prefix: [String], display: String, depth: Int) throws(PatternError)
        -> [EventPattern]
    {
        guard case .array(let elements) = value.content else {
            throw PatternError(path: display, message: "$or must be an array of at least 2 objects, got \(value.typeName)")
        }
        guard elements.count >= 2 else {
            throw PatternError(
                path: display, message: "$or must be an array of at least 2 objects, got \(elements.count)")
        }
        var branches: [EventPattern] = []
        for (i, element) in elements.enumerated() {
            let here = "\(display)[\(i)]"
            guard case .object(let members) = element.content else {
                throw PatternError(path: here, message: "$or alternatives must be objects, got \(element.typeName)")
            }
            branches.append(try parseObject(members, prefix: prefix, display: here, depth: depth + 1, insideOr: true))
        }
        return branches
    }

    mutating func count(_ n: Int = 1, at display: String) throws(PatternError) {
        values += n
        if values > PatternLimits.maxValues {
            throw PatternError(path: display, message: "pattern too big: more than \(PatternLimits.maxValues) match values")
        }
    }

    func checkLength(_ s: String, at display: String) throws(PatternError) {
        if s.utf8.count > PatternLimits.maxStringBytes {
            throw PatternError(
                path: display,
                message: "string too long: \(s.utf8.count) bytes (limit \(PatternLimits.maxStringBytes))")
        }
    }

    mutating func parseValues(_ elements: [JSONValue], display: String) throws(PatternError) -> [ContentFilter] {
        if elements.isEmpty {
            throw PatternError(path: display, message: "empty array: a field needs at least one match value")
        }
        var filters: [ContentFilter] = []
        for (i, element) in elements.enumerated() {
            let here = "\(display)[\(i)]"
            try count(at: here)
            switch element.content {
            case .string(let s):
                try checkLength(s, at: here)
                filters.append(.string(s))
            case .number(let literal):
                guard let n = ComparableNumber(jsonLiteral: literal.utf8) else {
                    throw PatternError(path: here, message: "invalid number \(literal)")
                }
                filters.append(.number(n))
            case .bool(let b):
                filters.append(.boolean(b))
            case .null:
                filters.append(.null)
            case .array:
                throw PatternError(
                    path: here,
                    message: "match value must be a string, number, boolean, null or operator object, got array")
            case .object(let members):
                filters.append(try parseOperator(members, display: here))
            }
        }
        return filters
    }

    mutating func parseOperator(_ members: [JSONValue.Member], display: String) throws(PatternError) -> ContentFilter {
        guard let member = members.first else {
            throw PatternError(path: display, message: "empty match expression: expected one of \(operatorNames)")
        }
        guard members.count == 1 else {
            let names = members.map { "\"\($0.key)\"" }.joined(separator: ", ")
            throw PatternError(path: display, message: "match expression must have exactly one operator, got \(names)")
        }
        let op = member.key
        let here = Self.join(display, op)
        let arg = member.value
        switch op {
        case "prefix", "suffix":
            let isPrefix = op == "prefix"
            switch arg.content {
            case .string(let s):
                try checkLength(s, at: here)
                return isPrefix ? .prefix(s, ignoringCase: false) : .suffix(s, ignoringCase: false)
            case .object(let inner):
                guard inner.count == 1, inner[0].key == "equals-ignore-case" else {
                    let names = inner.map { "\"\($0.key)\"" }.joined(separator: ", ")
                    throw PatternError(
                        path: here,
                        message: "\(op) object must be {\"equals-ignore-case\": string}, got {\(names)}")
                }
                guard case .string(let s) = inner[0].value.content else {
                    throw PatternError(
                        path: here + ".equals-ignore-case",
                        message: "equals-ignore-case argument must be a string, got \(inner[0].value.typeName)")
                }
                try checkLength(s, at: here)
                return isPrefix ? .prefix(s, ignoringCase: true) : .suffix(s, ignoringCase: true)
            default:
                throw PatternError(
                    path: here,
                    message: "\(op) argument must be a string or {\"equals-ignore-case\": string}, got \(arg.typeName)")
            }
        case "equals-ignore-case", "exactly":
            guard case .string(let s) = arg.content else {
                throw PatternError(path: here, message: "\(op) argument must be a string, got \(arg.typeName)")
            }
            try checkLength(s, at: here)
            return op == "exactly" ? .string(s) : .equalsIgnoreCase(s)
        case "wildcard":
            guard case .string(let s) = arg.content else {
                throw PatternError(path: here, message: "wildcard argument must be a string, got \(arg.typeName)")
            }
            try checkLength(s, at: here)
            return .wildcard(try wildcard(s, at: here))
        case "exists":
            guard case .bool(let b) = arg.content else {
                throw PatternError(path: here, message: "exists argument must be true or false, got \(arg.typeName)")
            }
            return .exists(b)
        case "cidr":
            guard case .string(let s) = arg.content else {
                throw PatternError(path: here, message: "cidr argument must be a string, got \(arg.typeName)")
            }
            do {
                return .cidr(try CIDRBlock(checking: s))
            } catch {
                throw PatternError(path: here, message: error.message)
            }
        case "numeric":
            return try parseNumeric(arg, display: here)
        case "anything-but":
            return .anythingBut(try parseAnythingBut(arg, display: here))
        default:
            throw PatternError(path: here, message: "unknown operator \"\(op)\" (expected one of \(operatorNames))")
        }
    }

    func wildcard(_ s: String, at display: String) throws(PatternError) -> WildcardPattern {
        if let problem = WildcardPattern.problem(in: s) {
            throw PatternError(path: display, message: "invalid wildcard \"\(s)\": \(problem)")
        }
        return WildcardPattern(s)!
    }

    func comparable(_ value: JSONValue, at display: String, role: String) throws(PatternError) -> ComparableNumber {
        guard case .number(let literal) = value.content else {
            throw PatternError(path: display, message: "\(role) must be a number, got \(value.typeName)")
        }
        guard let n = ComparableNumber(jsonLiteral: literal.utf8) else {
            throw PatternError(path: display, message: "invalid number \(literal)")
        }
        guard n.isComparable else {
            throw PatternError(
                path: display,
                message: "number \(literal) cannot be compared exactly (outside the double range or more precise than a double)"
            )
        }
        return n
    }

    mutating func parseNumeric(_ arg: JSONValue, display: String) throws(PatternError) -> ContentFilter {
        guard case .array(let e) = arg.content else {
            throw PatternError(
                path: display, message: "numeric argument must be an array like [\">\", 0, \"<=\", 5], got \(arg.typeName)")
        }
        func op(_ k: Int) throws(PatternError) -> String {
            guard case .string(let s) = e[k].content else {
                throw PatternError(
                    path: display,
                    message: "element \(k) must be an operator (=, <, <=, >, >=), got \(e[k].typeName)")
            }
            guard ["=", "<", "<=", ">", ">="].contains(s) else {
                throw PatternError(path: display, message: "unknown numeric operator \"\(s)\" (expected =, <, <=, > or >=)")
            }
            return s
        }
        guard e.count >= 2 else {
            throw PatternError(
                path: display, message: "numeric needs an operator and a number, got \(e.count) element\(e.count == 1 ? "" : "s")")
        }
        let first = try op(0)
        let firstValue = try comparable(e[1], at: display, role: "value after \"\(first)\"")
        switch first {
        case "=":
            guard e.count == 2 else {
                throw PatternError(path: display, message: "\"=\" takes exactly one number and cannot be combined with a range")
            }
            return .number(firstValue)
        case "<", "<=":
            if e.count >= 3, case .string(let s) = e[2].content, s == ">" || s == ">=" {
                throw PatternError(
                    path: display, message: "lower bound must come first: write [\"\(s)\", …, \"\(first)\", …]")
            }
            guard e.count == 2 else {
                throw PatternError(path: display, message: "too many elements after an upper bound")
            }
            return .numeric(NumericRange(lower: nil, upper: .init(firstValue, inclusive: first == "<=")))
        default:  // ">", ">="
            let lower = NumericRange.Bound(firstValue, inclusive: first == ">=")
            if e.count == 2 { return .numeric(NumericRange(lower: lower, upper: nil)) }
            guard e.count == 4 else {
                throw PatternError(
                    path: display,
                    message: e.count == 3 ? "incomplete range: expected a number after \"\((try? op(2)) ?? "the operator")\"" : "too many elements in numeric range")
            }
            let second = try op(2)
            guard second == "<" || second == "<=" else {
                throw PatternError(
                    path: display,
                    message: second == "=" ? "\"=\" cannot be combined with a range" : "numeric range has two lower bounds (\"\(first)\" and \"\(second)\")")
            }
            let upperValue = try comparable(e[3], at: display, role: "value after \"\(second)\"")
            if upperValue.value < firstValue.value {
                throw PatternError(
                    path: display, message: "numeric range inverted (lower \(firstValue) > upper \(upperValue))")
            }
            if upperValue.value == firstValue.value {
                throw PatternError(
                    path: display,
                    message: "numeric range empty or a single point (lower \(firstValue) = upper \(upperValue)); use [\"=\", \(firstValue)] for one value"
                )
            }
            return .numeric(NumericRange(lower: lower, upper: .init(upperValue, inclusive: second == "<=")))
        }
    }

    mutating func parseAnythingBut(_ arg: JSONValue, display: String) throws(PatternError) -> AnythingBut {
        switch arg.content {
        case .string(let s):
            try checkLength(s, at: display)
            return .strings([s])
        case .number:
            return .numbers([try comparable(arg, at: display, role: "anything-but value")])
        case .array(let list):
            guard !list.isEmpty else {
                throw PatternError(path: display, message: "empty array: anything-but needs at least one value")
            }
            try count(list.count - 1, at: display)
            var strings: [String] = []
            var numbers: [ComparableNumber] = []
            for (i, v) in list.enumerated() {
                let here = "\(display)[\(i)]"
                switch v.content {
                case .string(let s):
                    try checkLength(s, at: here)
                    strings.append(s)
                case .number:
                    numbers.append(try comparable(v, at: here, role: "anything-but value"))
                default:
                    throw PatternError(path: here, message: "anything-but values must be strings or numbers, got \(v.typeName)")
                }
                if !strings.isEmpty && !numbers.isEmpty {
                    throw PatternError(
                        path: display, message: "anything-but list mixes strings and numbers; use only one type")
                }
            }
            return strings.isEmpty ? .numbers(numbers) : .strings(strings)
        case .object(let members):
            guard members.count == 1 else {
                throw PatternError(
                    path: display,
                    message: members.isEmpty
                        ? "empty anything-but object: expected prefix, suffix, equals-ignore-case or wildcard"
                        : "anything-but object must have exactly one operator, got \(members.map { "\"\($0.key)\"" }.joined(separator: ", "))"
                )
            }
            let op = members[0].key
            let here = Self.join(display, op)
            guard ["prefix", "suffix", "equals-ignore-case", "wildcard"].contains(op) else {
                throw PatternError(
                    path: here,
                    message: "unknown anything-but operator \"\(op)\" (expected prefix, suffix, equals-ignore-case or wildcard)")
            }
            var texts: [String] = []
            switch members[0].value.content {
            case .string(let s):
                texts = [s]
            case .array(let list):
                guard !list.isEmpty else {
                    throw PatternError(path: here, message: "empty array: anything-but \(op) needs at least one string")
                }
                try count(list.count - 1, at: here)
                for (i, v) in list.enumerated() {
                    guard case .string(let s) = v.content else {
                        throw PatternError(path: "\(here)[\(i)]", message: "anything-but \(op) values must be strings, got \(v.typeName)")
                    }
                    texts.append(s)
                }
            default:
                throw PatternError(
                    path: here,
                    message: "anything-but \(op) argument must be a string or an array of strings, got \(members[0].value.typeName)")
            }
            for t in texts {
                try checkLength(t, at: here)
                if (op == "prefix" || op == "suffix") && t.isEmpty {
                    throw PatternError(path: here, message: "anything-but \(op) must not be empty (it would exclude every string)")
                }
            }
            switch op {
            case "prefix": return .prefixes(texts)
            case "suffix": return .suffixes(texts)
            case "equals-ignore-case": return .equalsIgnoreCase(texts)
            default:
                var patterns: [WildcardPattern] = []
                for t in texts { patterns.append(try wildcard(t, at: here)) }
                return .wildcards(patterns)
            }
        default:
            throw PatternError(
                path: display,
                message: "anything-but argument must be a string, a number, an array of strings or of numbers, or an object, got \(arg.typeName)"
            )
        }
    }
}
