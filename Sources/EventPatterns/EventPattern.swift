/// A parsed, validated EventBridge event pattern.
///
/// Paths are absolute (from the event's top-level object) even inside `$or`
/// branches, so a pattern is a conjunction of field conditions and of `$or`
/// groups, each group a disjunction of sub-patterns.
public struct EventPattern: Hashable, Sendable {
    /// Every condition must hold (different fields: AND).
    public var conditions: [FieldCondition]
    /// Every group must hold; a group holds when any of its branches does.
    public var anyOf: [[EventPattern]]

    public init(conditions: [FieldCondition], anyOf: [[EventPattern]] = []) {
        self.conditions = conditions
        self.anyOf = anyOf
    }
}

/// The filters on one field: the field matches when any filter matches one of
/// its values (for an array, any element).
public struct FieldCondition: Hashable, Sendable {
    public var path: [String]
    public var filters: [ContentFilter]

    public init(path: [String], filters: [ContentFilter]) {
        self.path = path
        self.filters = filters
    }
}

/// One value test of EventBridge content filtering.
public enum ContentFilter: Hashable, Sendable {
    case string(String)
    /// A number literal; compares by value (`5`, `5.0` and `5e0` are equal).
    case number(ComparableNumber)
    case boolean(Bool)
    case null
    case prefix(String, ignoringCase: Bool)
    case suffix(String, ignoringCase: Bool)
    case equalsIgnoreCase(String)
    case wildcard(WildcardPattern)
    case anythingBut(AnythingBut)
    case numeric(NumericRange)
    case exists(Bool)
    case cidr(CIDRBlock)
}

/// The negated tests of `anything-but`.
public enum AnythingBut: Hashable, Sendable {
    case strings([String])
    case numbers([ComparableNumber])
    case prefixes([String])
    case suffixes([String])
    case equalsIgnoreCase([String])
    case wildcards([WildcardPattern])
}
