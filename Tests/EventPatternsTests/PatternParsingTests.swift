import JSON
import EventPatterns
import Testing

@Suite struct PatternParsingTests {
    @Test func nestedObjectsBecomeFieldPaths() throws {
        let p = try EventPattern(json: #"{"source": ["aws.ec2"], "detail": {"state": ["running"], "a": {"b": [1]}}}"#)
        #expect(p.conditions.map(\.path) == [["source"], ["detail", "state"], ["detail", "a", "b"]])
        #expect(p.conditions[0].filters == [.string("aws.ec2")])
        #expect(p.anyOf.isEmpty)
    }

    @Test func valuesOfOneFieldKeepTheirOrder() throws {
        let p = try EventPattern(json: #"{"s": ["exact", {"prefix": "pre"}, 5, true, null]}"#)
        #expect(
            p.conditions[0].filters == [
                .string("exact"), .prefix("pre", ignoringCase: false), .number(ComparableNumber(5)), .boolean(true), .null,
            ])
    }

    @Test func orBranchesKeepAbsolutePaths() throws {
        let p = try EventPattern(
            json: #"{"detail": {"x": ["k"], "$or": [{"a": [1]}, {"b": {"c": ["z"]}, "d": [2]}]}}"#)
        #expect(p.conditions.map(\.path) == [["detail", "x"]])
        #expect(p.anyOf.count == 1)
        let branches = p.anyOf[0]
        #expect(branches.map { $0.conditions.map(\.path) } == [[["detail", "a"]], [["detail", "b", "c"], ["detail", "d"]]])
    }

    @Test func orCanNest() throws {
        let p = try EventPattern(
            json: #"{"$or": [{"a": ["1"]}, {"$or": [{"b": ["2"]}, {"c": ["3"]}]}], "d": ["4"]}"#)
        #expect(p.conditions.map(\.path) == [["d"]])
        #expect(p.anyOf[0][1].anyOf[0].map { $0.conditions[0].path } == [["b"], ["c"]])
        #expect(p.alternativeCount == 3)
    }

    @Test func severalOrGroupsMultiplyAlternatives() throws {
        let p = try EventPattern(
            json: #"{"x": {"$or": [{"a": [1]}, {"b": [1]}]}, "y": {"$or": [{"a": [1]}, {"b": [1]}, {"c": [1]}]}}"#)
        #expect(p.anyOf.count == 2)
        #expect(p.alternativeCount == 6)
    }

    @Test func keysAreTakenLiterally() throws {
        let p = try EventPattern(json: #"{"detail": {"Availability Zone": ["a"], "a.b": ["c"], "": ["e"]}}"#)
        #expect(p.conditions.map(\.path) == [["detail", "Availability Zone"], ["detail", "a.b"], ["detail", ""]])
    }

    @Test func operatorNamesAreOrdinaryFieldNamesOutsideOr() throws {
        let p = try EventPattern(json: #"{"detail": {"numeric": [1], "prefix": {"x": ["y"]}}}"#)
        #expect(p.conditions.map(\.path) == [["detail", "numeric"], ["detail", "prefix", "x"]])
    }

    @Test func parsingAValueAndTextAgree() throws {
        let text = #"{"a": [{"numeric": [">", 1]}], "$or": [{"b": ["x"]}, {"c": [{"exists": false}]}]}"#
        #expect(try EventPattern(json: text) == EventPattern(JSONValue.parse(text)))
    }
}
