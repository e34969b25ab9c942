import EventPatterns
import Events
import JSON

/// The values of one rule's vars for one trigger, each computed at most once.
struct Bindings {
    let rule: Rule
    let trigger: Trigger
    /// The trigger's scan: most paths are answered from it.
    let fields: EventFields
    let reached: ReachedNodes
    let scanned: ScannedPaths
    private var cache: [JSONValue??]

    init(rule: Rule, trigger: Trigger, fields: EventFields, reached: ReachedNodes, scanned: ScannedPaths) {
        self.rule = rule
        self.trigger = trigger
        self.fields = fields
        self.reached = reached
        self.scanned = scanned
        cache = Array(repeating: nil, count: rule.vars.count)
    }

    private func resolve(_ p: JSONPath) -> JSONValue? {
        switch scanned.lookup(p, in: fields, reached: reached) {
        case .value(let v): v
        case .absent: nil
        case .needsDocument: p.resolve(in: trigger.document)
        }
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
            for f in fields { v = v?[f] }
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
            guard !key.isNull, let record = state.tables[table]?.lookup(key.templateText, now: state.clock) else { return nil }
            guard let field else { return .object(record) }
            return record.first { $0.key == field }?.value
        case .firstOf(let alternatives):
            for a in alternatives {
                if let v = resolve(a, state: state), !v.isNull { return v }
            }
            return nil
        }
    }

    mutating func render(_ t: Template, state: EngineState) -> JSONValue {
        t.render { value($0, state: state) }
    }

    /// An object template's members, rendered without building the object;
    /// nil when `t` does not render to an object.
    mutating func renderMembers(_ t: Template, state: EngineState) -> [JSONValue.Member]? {
        t.renderMembers { value($0, state: state) }
    }
}
