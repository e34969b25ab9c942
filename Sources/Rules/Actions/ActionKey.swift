import JSON

/// A key an action accepts in rule files.
struct ActionKey: Sendable {
    enum Form: Sendable {
        /// A template, rendered each time the action runs.
        case template
        /// A duration (`15m`), read once when the rules load.
        case duration
    }

    let name: String
    let isRequired: Bool
    /// What a rule that leaves the key out gets, so that it need not repeat it.
    let defaultValue: JSONValue?
    let form: Form

    static func required(_ name: String) -> ActionKey {
        ActionKey(name: name, isRequired: true, defaultValue: nil, form: .template)
    }

    static func optional(_ name: String) -> ActionKey {
        ActionKey(name: name, isRequired: false, defaultValue: nil, form: .template)
    }

    static func defaulted(_ name: String, to value: JSONValue) -> ActionKey {
        ActionKey(name: name, isRequired: false, defaultValue: value, form: .template)
    }

    static func duration(_ name: String) -> ActionKey {
        ActionKey(name: name, isRequired: false, defaultValue: nil, form: .duration)
    }
}
