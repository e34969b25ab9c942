import EventPatterns

/// A rule: a pattern, named values, an optional windowed condition, actions.
public struct Rule: Hashable, Sendable {
    public var name: String
    public var description: String
    package var pattern: EventPattern
    public var varNames: [String]
    public var vars: [VarDefinition]
    public var require: [String]
    public var when: WindowCondition?
    public var actions: [ActionSpec]
    public var location: SourceLocation
}

/// A table of facts learned from events, with a time-to-live.
public struct TableSpec: Hashable, Sendable {
    public var name: String
    public var ttl: Int64
    public var location: SourceLocation
}

/// A circuit breaker's timings.
public struct BreakerSpec: Hashable, Sendable {
    public var name: String
    public var openFor: Int64
    public var quietFor: Int64
    public var location: SourceLocation
}
