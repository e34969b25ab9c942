import JSON

/// The names a rule's templates may use at a given point of the rule (its
/// built-ins and the vars defined so far), and the readers that check them.
struct TemplateScope {
    var known: Set<String>
    let tables: [String: TableSpec]

    func template(_ node: RuleNode) throws(RuleError) -> Template {
        switch node.node {
        case .scalar:
            let value = try node.json()
            guard let s = value.stringValue else { return .literal(value) }
            switch Template.parse(s) {
            case .failure(let e): throw node.error(e.message)
            case .success(let t):
                try check(t, at: node)
                return t
            }
        case .sequence:
            var items: [Template] = []
            for n in try node.sequence("a list") { items.append(try template(n)) }
            return .array(items)
        case .mapping:
            let m = try node.mapping("an object")
            var keys: [String] = []
            var values: [Template] = []
            for e in m.entries {
                keys.append(e.key)
                values.append(try template(e.value))
            }
            return .object(keys, values)
        case .alias:
            throw node.error("YAML aliases are not supported in rule files")
        }
    }

    private func check(_ t: Template, at node: RuleNode) throws(RuleError) {
        for case .variable(let name, _) in t.references where !known.contains(name) {
            let choices = known.sorted().map { "<\($0)>" }.joined(separator: ", ")
            throw node.error("unknown var '<\(name)>' (known here: \(choices))")
        }
    }

    func varDefinition(_ node: RuleNode) throws(RuleError) -> VarDefinition {
        if node.isSequence {
            let items = try node.sequence("a var")
            guard items.count >= 2 else { throw node.error("a list of alternatives needs at least two entries") }
            var alternatives: [VarDefinition] = []
            for i in items { alternatives.append(try varDefinition(i)) }
            return .firstOf(alternatives)
        }
        if node.isMapping {
            let m = try node.mapping("a lookup")
            try m.checkKeys(["lookup", "key", "field"], in: "a lookup")
            let tableNode = try m.required("lookup", in: "a lookup")
            let table = try tableNode.string("lookup")
            guard tables[table] != nil else {
                throw tableNode.error("unknown table '\(table)' (defined: \(tables.keys.sorted().joined(separator: ", ")))")
            }
            let key = try template(try m.required("key", in: "a lookup"))
            let field = try m["field"]?.string("field")
            return .lookup(table: table, key: key, field: field)
        }
        let text = try node.string("a var")
        guard let path = JSONPath(text) else {
            throw node.error("'\(text)' is not a JSON path (write e.g. $.detail.instance-id or $.resources[0])")
        }
        return .path(path)
    }

    func reference(_ node: RuleNode, _ what: String) throws(RuleError) -> ValueReference {
        guard case .reference(let r) = try template(node) else {
            throw node.error("\(what) must be a single placeholder such as <instance>")
        }
        return r
    }

    func windowCondition(_ node: RuleNode) throws(RuleError) -> WindowCondition {
        let m = try node.mapping("'when'")
        let comparisons = ["above", "at-least", "below", "at-most"]
        try m.checkKeys(["window", "group-by", "aggregate", "per", "lateness"] + comparisons, in: "'when'")
        let window = try m.required("window", in: "'when'").duration("window")
        let groupBy = try m["group-by"].map { n throws(RuleError) in try template(n) }
        let per = try m["per"].map { n throws(RuleError) in try template(n) }
        let lateness = try m["lateness"]?.duration("lateness") ?? 60_000
        var aggregate = WindowCondition.Aggregate.count
        if let a = m["aggregate"] {
            let text = try a.string("aggregate")
            let words = text.split(separator: " ", maxSplits: 1).map(String.init)
            switch words.first {
            case "count" where words.count == 1: aggregate = .count
            case "distinct" where words.count == 2: aggregate = .distinct(try reference(RuleNode(node: .init(words[1]), file: a.file), "distinct"))
            case "sum" where words.count == 2: aggregate = .sum(try reference(RuleNode(node: .init(words[1]), file: a.file), "sum"))
            default: throw a.error("aggregate must be 'count', 'distinct <var>' or 'sum <var>'")
            }
        }
        let given = comparisons.filter { m[$0] != nil }
        guard given.count == 1, let key = given.first, let tn = m[key] else {
            throw node.error("'when' needs exactly one of: \(comparisons.joined(separator: ", "))")
        }
        let t = try tn.number(key)
        let comparison: WindowCondition.Comparison =
            switch key {
            case "above": .above(t)
            case "at-least": .atLeast(t)
            case "below": .below(t)
            default: .atMost(t)
            }
        return WindowCondition(window: window, groupBy: groupBy, aggregate: aggregate, per: per, comparison: comparison, lateness: lateness)
    }
}
