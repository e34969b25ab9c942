import EventPatterns
import Testing

/// Every case event-ruler labelled, through the parser and the compiled matcher.
@Suite struct PatternMatcherConformanceTests {
    @Test(arguments: ConformanceCases.all)
    func compiledMatcherAgreesWithEventRuler(_ c: ConformanceCase) {
        let failure = c.failure { pattern, event in
            do {
                let matcher = try PatternMatcher([pattern])
                return matcher.match(EventFields(flattening: event, paths: matcher.paths)) == [0]
            } catch {
                Issue.record("pattern failed to compile: \(error)")
                return false
            }
        }
        #expect(failure == nil, "\(failure ?? "")")
    }

    @Test func allCasesCompiledTogetherMatchTheirOwnEvents() throws {
        // One matcher for every valid pattern of the fixture: each event must
        // be matched by its own pattern exactly when event-ruler said so, and
        // by every other pattern exactly when the reference evaluator says so.
        var patterns: [EventPattern] = []
        var cases: [ConformanceCase] = []
        for c in ConformanceCases.all {
            guard case .match = c.expected, let p = try? EventPattern(c.pattern) else { continue }
            patterns.append(p)
            cases.append(c)
        }
        let matcher = try PatternMatcher(patterns)
        var scratch = PatternMatcher.Scratch()
        var got: [Int] = []
        for (i, c) in cases.enumerated() {
            got.removeAll(keepingCapacity: true)
            matcher.match(EventFields(flattening: c.event, paths: matcher.paths), into: &got, scratch: &scratch)
            let want = patterns.indices.filter { ReferenceMatcher.matches(patterns[$0], event: c.event) }
            #expect(got == want, "\(c)")
            if case .match(let expected) = c.expected { #expect(got.contains(i) == expected, "\(c)") }
        }
    }
}
