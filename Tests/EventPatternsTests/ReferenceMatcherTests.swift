import JSON
import EventPatterns
import Testing

@Suite struct ReferenceMatcherTests {
    @Test func conditionsOnDifferentFieldsAllMustHold() throws {
        let p = #"{"source": ["aws.ec2"], "detail": {"state": ["stopped"]}}"#
        #expect(try referenceMatch(p, #"{"source": "aws.ec2", "detail": {"state": "stopped"}}"#))
        #expect(try !referenceMatch(p, #"{"source": "aws.ec2", "detail": {"state": "running"}}"#))
        #expect(try !referenceMatch(p, #"{"detail": {"state": "stopped"}}"#))
    }

    @Test func valuesOfOneFieldAreAlternatives() throws {
        let p = #"{"s": ["a", {"prefix": "b"}, 3]}"#
        #expect(try referenceMatch(p, #"{"s": "a"}"#))
        #expect(try referenceMatch(p, #"{"s": "bcd"}"#))
        #expect(try referenceMatch(p, #"{"s": 3.0}"#))
        #expect(try !referenceMatch(p, #"{"s": "c"}"#))
    }

    @Test func anArrayMatchesWhenAnyElementDoes() throws {
        let p = #"{"tags": ["gpu"]}"#
        #expect(try referenceMatch(p, #"{"tags": ["cpu", "gpu"]}"#))
        #expect(try referenceMatch(p, #"{"tags": [["cpu"], ["gpu"]]}"#))
        #expect(try !referenceMatch(p, #"{"tags": ["cpu"]}"#))
        #expect(try !referenceMatch(p, #"{"tags": []}"#))
    }

    @Test func arraysAlongThePathAreTransparent() throws {
        let p = #"{"c": {"exitCode": [137]}}"#
        #expect(try referenceMatch(p, #"{"c": [{"exitCode": 0}, {"exitCode": 137}]}"#))
        #expect(try referenceMatch(p, #"{"c": [[{"exitCode": 137}]]}"#))
        #expect(try referenceMatch(p, #"{"c": {"exitCode": [1, 137]}}"#))
    }

    @Test func fieldsOfOneArrayElementMustComeFromTheSameElement() throws {
        let p = #"{"c": {"name": ["web"], "exitCode": [1]}}"#
        #expect(try referenceMatch(p, #"{"c": [{"name": "db", "exitCode": 1}, {"name": "web", "exitCode": 1}]}"#))
        #expect(try !referenceMatch(p, #"{"c": [{"name": "web", "exitCode": 0}, {"name": "db", "exitCode": 1}]}"#))
    }

    @Test func differentArraysDoNotConstrainEachOther() throws {
        let p = #"{"a": {"x": ["1"]}, "b": {"y": ["2"]}}"#
        #expect(try referenceMatch(p, #"{"a": [{"x": "0"}, {"x": "1"}], "b": [{"y": "2"}, {"y": "0"}]}"#))
    }

    @Test func nestedArraysConstrainAtEveryLevel() throws {
        let p = #"{"g": {"m": {"a": ["x"], "b": ["y"]}}}"#
        // Same outer and inner element: match.
        #expect(try referenceMatch(p, #"{"g": [{"m": [{"a": "x", "b": "y"}]}]}"#))
        // Same outer element, different inner elements: no match.
        #expect(try !referenceMatch(p, #"{"g": [{"m": [{"a": "x"}, {"b": "y"}]}]}"#))
        // Different outer elements: no match.
        #expect(try !referenceMatch(p, #"{"g": [{"m": [{"a": "x"}]}, {"m": [{"b": "y"}]}]}"#))
    }

    @Test func aFieldOutsideTheArrayCombinesWithAnyElement() throws {
        let p = #"{"c": {"name": ["web"], "n": [1]}}"#
        #expect(try referenceMatch(p, #"{"c": {"name": ["db", "web"], "n": 1}}"#))
    }

    @Test func backtrackingFindsAConsistentChoice() throws {
        // The first element satisfying "a" fails "b"; the second satisfies both.
        let p = #"{"r": {"a": [{"prefix": "x"}], "b": [{"numeric": [">", 5]}], "c": [{"exists": true}]}}"#
        #expect(try referenceMatch(p, #"{"r": [{"a": "x1", "b": 1, "c": 0}, {"a": "x2", "b": 9}, {"a": "x3", "b": 6, "c": null}]}"#))
        #expect(try !referenceMatch(p, #"{"r": [{"a": "x1", "b": 1, "c": 0}, {"a": "x2", "b": 9}]}"#))
    }

    @Test func orNeedsOneBranch() throws {
        let p = #"{"$or": [{"detail": {"a": ["1"]}}, {"detail": {"b": ["2"]}}]}"#
        #expect(try referenceMatch(p, #"{"detail": {"a": "1"}}"#))
        #expect(try referenceMatch(p, #"{"detail": {"b": "2"}}"#))
        #expect(try !referenceMatch(p, #"{"detail": {"a": "2", "b": "1"}}"#))
    }

    @Test func orBranchesCombineWithOuterConditions() throws {
        let p = #"{"detail": {"x": ["k"], "$or": [{"a": [{"numeric": [">", 5]}]}, {"b": [{"prefix": "p"}]}]}}"#
        #expect(try referenceMatch(p, #"{"detail": {"x": "k", "b": "pq"}}"#))
        #expect(try !referenceMatch(p, #"{"detail": {"x": "z", "a": 9}}"#))
    }

    @Test func everyOrGroupMustHold() throws {
        let p = #"{"$or": [{"a": [1]}, {"b": [1]}], "c": {"$or": [{"d": [1]}, {"e": [1]}]}}"#
        #expect(try referenceMatch(p, #"{"b": 1, "c": {"d": 1}}"#))
        #expect(try !referenceMatch(p, #"{"b": 1, "c": {"f": 1}}"#))
    }

    @Test func nestedOrIsEvaluated() throws {
        let p = #"{"$or": [{"a": ["1"]}, {"$or": [{"b": ["2"]}, {"c": ["3"]}]}]}"#
        #expect(try referenceMatch(p, #"{"c": "3"}"#))
        #expect(try !referenceMatch(p, #"{"d": "3"}"#))
    }

    @Test func arrayConsistencySpansOrBranches() throws {
        let p = #"{"c": {"name": ["web"], "$or": [{"code": [1]}, {"state": ["up"]}]}}"#
        #expect(try referenceMatch(p, #"{"c": [{"name": "db", "code": 1}, {"name": "web", "state": "up"}]}"#))
        #expect(try !referenceMatch(p, #"{"c": [{"name": "web", "code": 2}, {"name": "db", "code": 1, "state": "up"}]}"#))
    }

    @Test func twoConditionsOnOneArrayFieldNeedOneElementForBoth() throws {
        // Through $or a path can carry two conditions; they must agree on the element.
        let p = #"{"a": [{"prefix": "x"}], "$or": [{"a": [{"suffix": "y"}]}, {"b": [1]}]}"#
        #expect(try referenceMatch(p, #"{"a": ["x-y"]}"#))
        #expect(try !referenceMatch(p, #"{"a": ["x", "y"]}"#))
        #expect(try referenceMatch(p, #"{"a": ["x", "y"], "b": 1}"#))
    }

    @Test func topLevelThatIsNotAnObjectMatchesOnlyAbsence() throws {
        let e = try JSONValue.parse(#"[{"a": 1}]"#)
        #expect(!ReferenceMatcher.matches(try EventPattern(json: #"{"a": [1]}"#), event: e))
        #expect(ReferenceMatcher.matches(try EventPattern(json: #"{"a": [{"exists": false}]}"#), event: e))
    }
}

@Suite struct ReferenceMatcherBatchTests {
    @Test func matchingIndicesAgreesWithMatchingOneByOne() throws {
        let patterns = try [
            #"{"a": ["x"]}"#, #"{"a": [{"prefix": "y"}]}"#, #"{"b": [{"exists": false}]}"#,
            #"{"c": {"d": [1], "e": [2]}}"#, #"{"$or": [{"a": ["z"]}, {"b": [1]}]}"#,
        ].map { try EventPattern(json: $0) }
        for text in [#"{"a": "x"}"#, #"{"a": ["yy", "x"], "b": 1}"#, #"{"c": [{"d": 1}, {"e": 2}]}"#, #"{"c": [{"d": 1, "e": 2}]}"#] {
            let event = try JSONValue.parse(text)
            let oneByOne = patterns.indices.filter { ReferenceMatcher.matches(patterns[$0], event: event) }
            #expect(ReferenceMatcher.matchingIndices(patterns, event: event) == oneByOne, "\(text)")
        }
    }
}
