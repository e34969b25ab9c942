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
