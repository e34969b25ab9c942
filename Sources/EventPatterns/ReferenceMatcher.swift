import JSON

/// The plain evaluator: one pattern against one parsed event, written to be
/// obviously right rather than fast. Tests and `bench --verify` check the
/// compiled matcher against it.
///
/// Semantics:
/// - The values at a field path are every scalar reached by following the
///   path's keys from the top-level object, where arrays anywhere along the
///   way (and at the end) are transparent: each element is visited.
///   Objects are never values.
/// - A condition holds when one of its values matches one of its filters
///   (`ContentFilter.matches`), or when it has an `exists: false` filter and
///   the path has no value at all (missing, object-valued, empty array;
///   `null` is a value).
/// - All conditions must hold, and every `$or` group must have one branch
///   whose conditions hold too.
/// - Array consistency, as event-ruler: the values chosen for the different
///   conditions of one match (outer conditions and the chosen `$or` branches
///   together) must agree on every array they share — for any two chosen
///   values and any array enclosing both, they lie in the same element.
///   A condition satisfied by absence chooses no value and constrains nothing.
///
/// Implemented by backtracking over the candidate values of each condition.
package enum ReferenceMatcher {
    package static func matches(_ pattern: EventPattern, event: JSONValue) -> Bool {
        var solver = Solver(event: event)
        return solver.solve([Goal.pattern(pattern)][...], chosen: [])
    }

    /// The indices of the `patterns` that match `event`, in ascending order
    /// (what a compiled matcher returns); the event's values are collected
    /// once per path and shared between patterns.
    package static func matchingIndices(_ patterns: [EventPattern], event: JSONValue) -> [Int] {
        var solver = Solver(event: event)
        return patterns.indices.filter { solver.solve([Goal.pattern(patterns[$0])][...], chosen: []) }
    }
}

/// One enclosing array of a value: the array's location in the document
/// (steps from the root: member index in an object, element index in an
/// array) and the element index the value lies in.
private struct Enclosure: Hashable {
    var array: [Int]
    var index: Int
}

private struct Candidate {
    var value: JSONValue
    var trail: [Enclosure]
}

private enum Goal {
    case pattern(EventPattern)
    case condition(FieldCondition)
    case anyOf([EventPattern])
}

private struct Solver {
    let event: JSONValue
    var cache: [[String]: [Candidate]] = [:]

    init(event: JSONValue) {
        self.event = event
    }

    /// Whether all `goals` can hold together with the values already `chosen`.
    mutating func solve(_ goals: ArraySlice<Goal>, chosen: [[Enclosure]]) -> Bool {
        guard let goal = goals.first else { return true }
        let rest = goals.dropFirst()
        switch goal {
        case .pattern(let p):
            let expanded = p.conditions.map { Goal.condition($0) } + p.anyOf.map { Goal.anyOf($0) }
            return solve(ArraySlice(expanded) + rest, chosen: chosen)
        case .anyOf(let branches):
            for branch in branches where solve([Goal.pattern(branch)][...] + rest, chosen: chosen) {
                return true
            }
            return false
        case .condition(let condition):
            let candidates = values(at: condition.path)
            if candidates.isEmpty && condition.filters.contains(.exists(false)) {
                if solve(rest, chosen: chosen) { return true }
            }
            for candidate in candidates where condition.filters.contains(where: { $0.matches(candidate.value) }) {
                guard chosen.allSatisfy({ Self.consistent($0, candidate.trail) }) else { continue }
                if solve(rest, chosen: chosen + [candidate.trail]) { return true }
            }
            return false
        }
    }

    /// Two values are consistent when every array enclosing both holds them
    /// in the same element.
    static func consistent(_ a: [Enclosure], _ b: [Enclosure]) -> Bool {
        for x in a {
            for y in b where x.array == y.array && x.index != y.index {
                return false
            }
        }
        return true
    }

    mutating func values(at path: [String]) -> [Candidate] {
        if let known = cache[path] { return known }
        var out: [Candidate] = []
        // Only a top-level object has fields (as in `EventFields(flattening:)`).
        if case .object = event.content {
            collect(event, path: path[...], location: [], trail: [], into: &out)
        }
        cache[path] = out
        return out
    }

    func collect(
        _ value: JSONValue, path: ArraySlice<String>, location: [Int], trail: [Enclosure], into out: inout [Candidate]
    ) {
        switch value.content {
        case .array(let elements):
            for (i, element) in elements.enumerated() {
                collect(
                    element, path: path, location: location + [i],
                    trail: trail + [Enclosure(array: location, index: i)], into: &out)
            }
        case .object(let members):
            guard let key = path.first else { return }
            for (i, member) in members.enumerated() where member.key == key {
                collect(member.value, path: path.dropFirst(), location: location + [i], trail: trail, into: &out)
            }
        default:
            if path.isEmpty { out.append(Candidate(value: value, trail: trail)) }
        }
    }
}
