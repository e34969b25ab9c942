import JSON
import EventPatterns
import Testing

/// Parses `pattern` and `event` (JSON text) and runs the reference evaluator.
func referenceMatch(_ pattern: String, _ event: String) throws -> Bool {
    let p = try EventPattern(json: pattern)
    let e = try JSONValue.parse(event)
    return ReferenceMatcher.matches(p, event: e)
}

/// The single filter in `[filterJSON]` (e.g. `{"prefix": "a"}` or `"x"`).
func parseFilter(_ filterJSON: String) throws -> ContentFilter {
    let pattern = try EventPattern(json: #"{"f": ["# + filterJSON + "]}")
    return try #require(pattern.conditions.first?.filters.first)
}

/// Whether the filter written as `filterJSON` matches the scalar written as `valueJSON`.
func filter(_ filterJSON: String, matches valueJSON: String) throws -> Bool {
    try parseFilter(filterJSON).matches(try JSONValue.parse(valueJSON))
}

/// The error a pattern is rejected with (fails the test when it parses).
func patternError(_ pattern: String) throws -> PatternError {
    do {
        _ = try EventPattern(json: pattern)
    } catch {
        return error
    }
    Issue.record("pattern was accepted: \(pattern)")
    throw PatternError(path: "", message: "accepted")
}
