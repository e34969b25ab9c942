import EventPatterns

/// The values of one rule's vars for one trigger, each computed at most once.
struct Bindings {
    let rule: Rule
    let trigger: Trigger
    /// The trigger's scanned fields: most paths are answered from them.
    let fields: EventFields
    let scanned: ScannedPaths
    private var cache: [JSONValue??]

    init(rule: Rule, trigger: Trigger, fields: EventFields, scanned: ScannedPaths) {
        self.rule = rule
        self.trigger = trigger
        self.fields = fields
        self.scanned = scanned
        cache = Array(repeating: nil, count: rule.vars.count)
    }

    private func resolve(_ p: JSONPath) -> JSONValue? {
        scanned.scalar(p, in: fields) ?? p.resolve(in: trigger.document)
    }

    mutating func value(_ ref: ValueReference, state: EngineState) -> JSONValue? {
        switch ref {
        case .path(let p):
            return resolve(p)
        case .variable(let name, let fields):
            var v: JSONValue?
            switch name {
            case "rule": v = .string(rule.name)
            case "event": v = trigger.document
            default:
                if let i = rule.varNames.firstIndex(of: name) { v = variable(i, state: state) }
            }
            for f in fields {
                guard case .object(let m)? = v else { return nil }
                v = m.last(where: { $0.key == f })?.value
            }
            return v
        }
    }

    mutating func variable(_ i: Int, state: EngineState) -> JSONValue? {
        if let cached = cache[i] { return cached }
        let v = resolve(rule.vars[i], state: state)
        cache[i] = .some(v)
        return v
    }

    private mutating func resolve(_ d: VarDefinition, state: EngineState) -> JSONValue? {
        switch d {
        case .path(let p):
            return resolve(p)
        case .lookup(let table, let keyTemplate, let field):
            let key = render(keyTemplate, state: state)
            guard key != .null, let record = state.tables[table]?.lookup(key.templateText, now: state.clock) else { return nil }
            guard let field else { return record }
            guard case .object(let m) = record else { return nil }
            return m.last(where: { $0.key == field })?.value
        case .firstOf(let alternatives):
            for a in alternatives {
                if let v = resolve(a, state: state), v != .null { return v }
            }
            return nil
        }
    }

    mutating func render(_ t: Template, state: EngineState) -> JSONValue {
        t.render { value($0, state: state) }
    }
}
