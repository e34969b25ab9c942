/// How a rule var gets its value: like an EventBridge `InputPathsMap` entry,
/// plus lookups into learned tables and fallbacks.
package indirect enum VarDefinition: Hashable, Sendable {
    case path(JSONPath)
    /// The record stored under `key` in `table`, or one of its fields.
    case lookup(table: String, key: Template, field: String?)
    /// The first alternative that has a value.
    case firstOf([VarDefinition])
}
