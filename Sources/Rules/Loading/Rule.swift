import EventPatterns

/// A rule: a pattern, named values, an optional windowed condition, actions.
package struct Rule: Hashable, Sendable {
    package var name: String
    package var description: String
    package var pattern: EventPattern
    package var varNames: [String]
    package var vars: [VarDefinition]
    package var require: [String]
    package var when: WindowCondition?
    package var actions: [ActionSpec]
    package var location: SourceLocation
}
