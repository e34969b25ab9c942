import EventPatterns
import Testing

/// Every case event-ruler labelled, through the parser and the reference evaluator.
@Suite struct ReferenceConformanceTests {
    @Test func fixtureHasEveryCase() {
        #expect(ConformanceCases.all.count == 131)
    }

    @Test(arguments: ConformanceCases.all)
    func referenceMatcherAgreesWithEventRuler(_ c: ConformanceCase) {
        let failure = c.failure { pattern, event in ReferenceMatcher.matches(pattern, event: event) }
        #expect(failure == nil, "\(failure ?? "")")
    }
}
