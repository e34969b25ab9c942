/// A parsed, validated EventBridge event pattern.
///
/// Paths are absolute (from the event's top-level object) even inside `$or`
/// branches, so a pattern is a conjunction of field conditions and of `$or`
/// groups, each group a disjunction of sub-patterns.
///
/// Build one with `EventPattern(json:)` or `EventPattern(_: JSONValue)`
/// (EventPattern+Parsing.swift: what is rejected, and `PatternLimits`). What a
/// filter means on one value is `ContentFilter.matches` (ContentFilter+Matching.swift);
/// what a whole pattern means on an event — arrays, `exists: false`, `$or`,
/// array consistency — is `ReferenceMatcher`.
package struct EventPattern: Hashable, Sendable {
    /// Every condition must hold (different fields: AND).
    package var conditions: [FieldCondition]
    /// Every group must hold; a group holds when any of its branches does.
    package var anyOf: [[EventPattern]]

    package init(conditions: [FieldCondition], anyOf: [[EventPattern]] = []) {
        self.conditions = conditions
        self.anyOf = anyOf
    }
}

/// The filters on one field: the field matches when any filter matches one of
/// its values (for an array, any element).
package struct FieldCondition: Hashable, Sendable {
    package var path: [String]
    package var filters: [ContentFilter]

    package init(path: [String], filters: [ContentFilter]) {
        self.path = path
        self.filters = filters
    }
}

/// One value test of EventBridge content filtering.
package enum ContentFilter: Hashable, Sendable {
    case string(String)
    /// A number literal; compares by value (`5`, `5.0` and `5e0` are equal).
    /// Also what `numeric: ["=", x]` parses to.
    case number(ComparableNumber)
    case boolean(Bool)
    case null
    /// `prefix` / `suffix`; `ignoringCase` for the `{"equals-ignore-case": …}`
    /// forms, which compare under `CaseFolding`.
    case prefix(String, ignoringCase: Bool)
    case suffix(String, ignoringCase: Bool)
    case equalsIgnoreCase(String)
    case wildcard(WildcardPattern)
    case anythingBut(AnythingBut)
    case numeric(NumericRange)
    case exists(Bool)
    case cidr(CIDRBlock)
}

/// The negated tests of `anything-but` (lists are never empty; numbers are
/// comparable; prefixes and suffixes are never empty).
package enum AnythingBut: Hashable, Sendable {
    case strings([String])
    case numbers([ComparableNumber])
    case prefixes([String])
    case suffixes([String])
    case equalsIgnoreCase([String])
    case wildcards([WildcardPattern])
}
