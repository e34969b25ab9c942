import Testing
@testable import Rules

/// Loading reports every problem as file:line:col, and never accepts a file
/// it does not fully understand.
struct RuleFileLoadingTests {
    func load(_ files: [(String, String)]) throws(RuleErrors) -> RuleSet {
        try RuleSet.parse(files: files.map { (path: $0.0, text: $0.1) })
    }

    func errors(_ files: [(String, String)]) -> [String] {
        do {
            _ = try load(files)
            return []
        } catch {
            return error.errors.map(\.description)
        }
    }

    let minimal = """
        rules:
          - name: requeue
            pattern: { source: [aws.ec2] }
            actions:
              - type: emit
                detail-type: Seen
        """

    @Test func aMinimalRuleLoads() throws {
        let set = try load([("r.yaml", minimal)])
        #expect(set.rules.map(\.name) == ["requeue"])
    }

    @Test func jsonRuleFilesLoadLikeYAML() throws {
        let json = #"{"rules": [{"name": "a", "pattern": {"source": ["x"]}, "actions": [{"type": "emit", "detail-type": "T"}]}]}"#
        #expect(try load([("r.json", json)]).rules.count == 1)
    }

    @Test func unknownKeyIsReportedWithLineAndColumn() {
        let text = """
            rules:
              - name: a
                pattern: { source: [x] }
                actoins: []
            """
        #expect(errors([("r.yaml", text)]) == ["r.yaml:4:5: unknown key 'actoins' in a rule (expected one of: name, description, pattern, vars, require, when, actions)"])
    }

    @Test func duplicateRuleNamesAcrossFilesAreRejected() {
        let e = errors([("a.yaml", minimal), ("b.yaml", minimal)])
        #expect(e.count == 1)
        #expect(e.first?.hasPrefix("b.yaml:2:5: duplicate rule name 'requeue' (first defined at a.yaml:2:11)") == true)
    }

    @Test func invalidPatternPointsAtTheOffendingValue() {
        let text = """
            rules:
              - name: a
                pattern:
                  detail:
                    n: [{ numeric: [">", 10, "<", 5] }]
                actions: [{ type: emit, detail-type: T }]
            """
        let e = errors([("r.yaml", text)])
        #expect(e.count == 1)
        #expect(e.first?.hasPrefix("r.yaml:5:") == true, "\(e)")
        #expect(e.first?.contains("pattern:") == true)
    }

    @Test func badDurationIsRejected() {
        let text = """
            breakers:
              b: { open-for: 15, quiet-for: 10m }
            """
        #expect(errors([("r.yaml", text)]) == ["r.yaml:2:18: open-for: invalid duration '15' (use e.g. 90s, 5m, 1h, 2h30m)"])
    }

    @Test func unknownActionTypeListsTheKnownOnes() {
        let text = """
            rules:
              - name: a
                pattern: { source: [x] }
                actions: [{ type: page }]
            """
        let e = errors([("r.yaml", text)])
        #expect(e.first?.hasPrefix("r.yaml:4:23: unknown action type 'page'") == true, "\(e)")
    }

    @Test func templateNamingAnUnknownVarIsRejected() {
        let text = """
            rules:
              - name: a
                pattern: { source: [x] }
                vars: { instance: $.detail.instance-id }
                actions:
                  - type: drain
                    instance-id: <instnace>
            """
        let e = errors([("r.yaml", text)])
        #expect(e.first?.hasPrefix("r.yaml:7:22: unknown var '<instnace>'") == true, "\(e)")
    }

    @Test func lookupOfAnUndefinedTableIsRejected() {
        let text = """
            rules:
              - name: a
                pattern: { source: [x] }
                vars: { job: { lookup: jobz, key: <$.detail.i> } }
                actions: [{ type: emit, detail-type: T }]
            """
        let e = errors([("r.yaml", text)])
        #expect(e.first?.hasPrefix("r.yaml:4:28: unknown table 'jobz'") == true, "\(e)")
    }

    @Test func tablesMayBeDefinedInAnotherFile() throws {
        let tables = "tables:\n  jobs: { ttl: 1h }\n"
        let rule = """
            rules:
              - name: a
                pattern: { source: [x] }
                vars: { job: { lookup: jobs, key: <$.detail.i> } }
                actions: [{ type: emit, detail-type: T }]
            """
        #expect(try load([("a.yaml", rule), ("b.yaml", tables)]).rules.count == 1)
    }

    @Test func everyErrorInADirectoryIsReportedAtOnce() {
        let bad = """
            rules:
              - name: A
                pattern: { source: [x] }
                actions: [{ type: emit, detail-type: T }]
              - name: b
                pattern: []
                actions: [{ type: emit, detail-type: T }]
            """
        #expect(errors([("r.yaml", bad)]).count == 2)
    }

    @Test func yamlSyntaxErrorsCarryTheirPosition() {
        let e = errors([("r.yaml", "rules:\n  - name: [unclosed\n")])
        #expect(e.count == 1)
        #expect(e.first?.hasPrefix("r.yaml:") == true)
    }

    @Test func plainYesStaysAString() throws {
        let text = """
            rules:
              - name: a
                pattern: { detail: { flag: [yes] } }
                actions: [{ type: emit, detail-type: T }]
            """
        let set = try load([("r.yaml", text)])
        #expect(set.rules[0].pattern.conditions.first?.filters == [.string("yes")])
    }
}
