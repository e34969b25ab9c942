import JSON

/// One action of a rule, as loaded: its type, its parameters and where it
/// stands in the rule.
package struct ActionSpec: Sendable {
    /// Every action type, in the order messages list them.
    static let types: [any RuleAction.Type] = [
        RequeueAction.self, CircuitBreakerAction.self, FallbackAction.self, RestoreAction.self, DrainAction.self,
        NotifyAction.self, EmitAction.self, RememberAction.self, ForgetAction.self, AddAction.self,
    ]

    let type: any RuleAction.Type
    /// Template parameters by name, in a fixed (sorted) order so that output
    /// is deterministic.
    let names: [String]
    let values: [Template]
    /// Duration parameters, in milliseconds.
    let durations: [String: Int64]
    /// The action's index in its rule (part of the ids of what it emits).
    let position: Int
    package let location: SourceLocation

    subscript(_ name: String) -> Template? {
        names.firstIndex(of: name).map { values[$0] }
    }

    /// The parameter's text when it is a literal string (written or default).
    func literalString(_ name: String) -> String? {
        if case .literal(let value)? = self[name] { value.stringValue } else { nil }
    }

    /// Reads an action mapping: its `type`, then the keys that type accepts
    /// (defaults filled in), then the type's own checks.
    static func load(_ node: RuleNode, position: Int, scope: TemplateScope, breakers: [String: BreakerSpec]) throws(RuleError) -> ActionSpec {
        let m = try node.mapping("an action")
        let typeNode = try m.required("type", in: "an action")
        let typeName = try typeNode.string("type")
        guard let type = types.first(where: { $0.name == typeName }) else {
            throw typeNode.error("unknown action type '\(typeName)' (expected one of: \(types.map { $0.name }.joined(separator: ", ")))")
        }
        try m.checkKeys(["type"] + type.keys.map(\.name), in: "a '\(typeName)' action")
        for key in type.keys where key.isRequired && m[key.name] == nil {
            throw node.error("a '\(typeName)' action needs '\(key.name)'")
        }
        var parameters: [String: Template] = [:]
        for key in type.keys { parameters[key.name] = key.defaultValue.map { Template.literal($0) } }
        var durations: [String: Int64] = [:]
        for e in m.entries where e.key != "type" {
            if type.keys.first(where: { $0.name == e.key })?.form == .duration {
                durations[e.key] = try e.value.duration(e.key)
            } else {
                parameters[e.key] = try scope.template(e.value)
            }
        }
        let sorted = parameters.sorted { $0.key < $1.key }
        let action = ActionSpec(
            type: type, names: sorted.map(\.key), values: sorted.map(\.value), durations: durations, position: position,
            location: node.location)
        try type.check(action, ActionCheck(tables: scope.tables, breakers: breakers, mapping: m))
        return action
    }
}

extension ActionSpec: Hashable {
    package static func == (a: ActionSpec, b: ActionSpec) -> Bool {
        a.type == b.type && a.names == b.names && a.values == b.values && a.durations == b.durations
            && a.position == b.position && a.location == b.location
    }

    package func hash(into hasher: inout Hasher) {
        hasher.combine(type.name)
        hasher.combine(names)
        hasher.combine(values)
    }
}
