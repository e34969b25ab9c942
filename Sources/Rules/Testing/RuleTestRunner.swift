/// Runs rule unit tests: each case gets a fresh engine, its events in order,
/// and compares every output record with the expectations, one for one.
package struct RuleTestRunner {
    package struct Outcome: Sendable {
        package var file: String
        package var name: String
        /// Empty when the case passed.
        package var failures: [String]
    }

    package init() {}

    package func run(_ file: RuleTestFile) throws(RuleErrors) -> [Outcome] {
        let ruleSet = try RuleSet.load(directory: file.rulesDirectory)
        var outcomes: [Outcome] = []
        for c in file.cases {
            let engine: RuleEngine
            do { engine = try RuleEngine(ruleSet: ruleSet) } catch {
                throw RuleErrors([RuleError(c.location, "rules do not compile: \(error)")])
            }
            var records: [OutputRecord] = []
            for e in c.events { records += engine.process(e) }
            outcomes.append(Outcome(file: file.path, name: c.name, failures: Self.compare(c.expected, records)))
        }
        return outcomes
    }

    static func compare(_ expected: [ExpectedRecord], _ records: [OutputRecord]) -> [String] {
        var failures: [String] = []
        for (i, e) in expected.enumerated() {
            guard i < records.count else {
                failures.append("record \(i + 1) (expected at \(e.location)) is missing: only \(records.count) records came out")
                continue
            }
            if let why = e.mismatch(records[i]) {
                failures.append("record \(i + 1) (expected at \(e.location)): \(why)\n      got: \(records[i].jsonLine)")
            }
        }
        if records.count > expected.count {
            for r in records[expected.count...] { failures.append("unexpected record: \(r.jsonLine)") }
        }
        return failures
    }
}
