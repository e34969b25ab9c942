import EventPatterns
import Testing

/// Every way a pattern can be invalid, with the path and message it is rejected with.
@Suite struct PatternValidationTests {
    static let cases: [(pattern: String, path: String, message: String)] = [
        // Structure
        (#"[1, 2]"#, "", "pattern must be a JSON object, got array"),
        (#""x""#, "", "pattern must be a JSON object, got string"),
        (#"{}"#, "", "empty object"),
        (#"{"detail": {}}"#, "detail", "empty object"),
        (#"{"detail": {"a": "x"}}"#, "detail.a", "field value must be an array of match values or a nested object, got string"),
        (#"{"a": 5}"#, "a", "got number"),
        (#"{"a": null}"#, "a", "got null"),
        (#"{"detail": {"state": []}}"#, "detail.state", "empty array"),
        (#"{"a": [["x"]]}"#, "a[0]", "got array"),
        (#"{"a": ["x"], "a": ["y"]}"#, "a", "duplicate key \"a\""),
        (#"{"a": {"b": [1]}, "a": {"c": [1]}}"#, "a", "duplicate key"),
        (#"{"a": [1}"#, "", "invalid JSON at 1:9"),
        // Operators
        (#"{"a": [{}]}"#, "a[0]", "empty match expression"),
        (#"{"a": [{"prefix": "x", "suffix": "y"}]}"#, "a[0]", "exactly one operator, got \"prefix\", \"suffix\""),
        (#"{"a": [{"contains": "x"}]}"#, "a[0].contains", "unknown operator \"contains\""),
        (#"{"a": [{"prefix": 5}]}"#, "a[0].prefix", "prefix argument must be a string or {\"equals-ignore-case\": string}, got number"),
        (#"{"a": [{"prefix": {"foo": "x"}}]}"#, "a[0].prefix", "must be {\"equals-ignore-case\": string}"),
        (#"{"a": [{"prefix": {"equals-ignore-case": 1}}]}"#, "a[0].prefix.equals-ignore-case", "must be a string, got number"),
        (#"{"a": [{"suffix": null}]}"#, "a[0].suffix", "got null"),
        (#"{"a": [{"equals-ignore-case": ["x"]}]}"#, "a[0].equals-ignore-case", "must be a string, got array"),
        (#"{"a": [{"exists": "true"}]}"#, "a[0].exists", "exists argument must be true or false, got string"),
        (#"{"a": [{"cidr": 10}]}"#, "a[0].cidr", "cidr argument must be a string"),
        (#"{"detail": {"a": [{"cidr": "10.0.0.0/99"}]}}"#, "detail.a[0].cidr", "IPv4 prefix length must be at most 31"),
        (#"{"a": [{"cidr": "10.0.0/8"}]}"#, "a[0].cidr", "not an IPv4 or IPv6 address"),
        (#"{"a": [{"cidr": "::1/200"}]}"#, "a[0].cidr", "IPv6 prefix length must be at most 127"),
        (#"{"a": [{"wildcard": 1}]}"#, "a[0].wildcard", "wildcard argument must be a string"),
        (#"{"a": [{"wildcard": "a**b"}]}"#, "a[0].wildcard", "invalid wildcard \"a**b\": consecutive wildcard characters"),
        (#"{"a": [{"wildcard": "a\\b"}]}"#, "a[0].wildcard", "invalid escape at position 1"),
        // anything-but
        (#"{"a": [{"anything-but": ["x", 1]}]}"#, "a[0].anything-but", "mixes strings and numbers"),
        (#"{"a": [{"anything-but": []}]}"#, "a[0].anything-but", "empty array"),
        (#"{"a": [{"anything-but": [null]}]}"#, "a[0].anything-but[0]", "must be strings or numbers, got null"),
        (#"{"a": [{"anything-but": true}]}"#, "a[0].anything-but", "got boolean"),
        (#"{"a": [{"anything-but": {"contains": "x"}}]}"#, "a[0].anything-but.contains", "unknown anything-but operator \"contains\""),
        (#"{"a": [{"anything-but": {"prefix": ""}}]}"#, "a[0].anything-but.prefix", "must not be empty"),
        (#"{"a": [{"anything-but": {"suffix": [""]}}]}"#, "a[0].anything-but.suffix", "must not be empty"),
        (#"{"a": [{"anything-but": {"prefix": 1}}]}"#, "a[0].anything-but.prefix", "string or an array of strings, got number"),
        (#"{"a": [{"anything-but": {"equals-ignore-case": [1]}}]}"#, "a[0].anything-but.equals-ignore-case[0]", "must be strings, got number"),
        (#"{"a": [{"anything-but": {"prefix": []}}]}"#, "a[0].anything-but.prefix", "empty array"),
        (#"{"a": [{"anything-but": {"wildcard": "x**"}}]}"#, "a[0].anything-but.wildcard", "invalid wildcard"),
        (#"{"a": [{"anything-but": {}}]}"#, "a[0].anything-but", "empty anything-but object"),
        (#"{"a": [{"anything-but": 1e400}]}"#, "a[0].anything-but", "cannot be compared exactly"),
        // numeric
        (#"{"a": [{"numeric": 5}]}"#, "a[0].numeric", "numeric argument must be an array"),
        (#"{"a": [{"numeric": []}]}"#, "a[0].numeric", "numeric needs an operator and a number, got 0 elements"),
        (#"{"a": [{"numeric": [">"]}]}"#, "a[0].numeric", "got 1 element"),
        (#"{"a": [{"numeric": ["~", 1]}]}"#, "a[0].numeric", "unknown numeric operator \"~\""),
        (#"{"a": [{"numeric": [1, ">"]}]}"#, "a[0].numeric", "element 0 must be an operator"),
        (#"{"a": [{"numeric": [">", "1"]}]}"#, "a[0].numeric", "value after \">\" must be a number, got string"),
        (#"{"a": [{"numeric": ["=", 1, "<", 2]}]}"#, "a[0].numeric", "\"=\" takes exactly one number"),
        (#"{"a": [{"numeric": ["<", 5, ">", 1]}]}"#, "a[0].numeric", "lower bound must come first"),
        (#"{"a": [{"numeric": ["<", 5, 6]}]}"#, "a[0].numeric", "too many elements"),
        (#"{"a": [{"numeric": [">", 1, "<"]}]}"#, "a[0].numeric", "incomplete range"),
        (#"{"a": [{"numeric": [">", 1, "<", 5, 6]}]}"#, "a[0].numeric", "too many elements"),
        (#"{"a": [{"numeric": [">", 1, ">=", 5]}]}"#, "a[0].numeric", "two lower bounds"),
        (#"{"a": [{"numeric": [">", 1, "=", 5]}]}"#, "a[0].numeric", "\"=\" cannot be combined with a range"),
        (#"{"a": [{"numeric": [">", 1, "<", "5"]}]}"#, "a[0].numeric", "value after \"<\" must be a number, got string"),
        (#"{"detail": {"state": [{"numeric": [">", 10, "<", 5]}]}}"#, "detail.state[0].numeric", "numeric range inverted (lower 10 > upper 5)"),
        (#"{"a": [{"numeric": [">=", 5, "<=", 5.0]}]}"#, "a[0].numeric", "numeric range empty or a single point"),
        (#"{"a": [{"numeric": [">", 1e400]}]}"#, "a[0].numeric", "number 1e400 cannot be compared exactly"),
        (#"{"a": [{"numeric": ["<", 12345678901234567890]}]}"#, "a[0].numeric", "cannot be compared exactly"),
        // $or
        (#"{"$or": {"a": [1]}}"#, "$or", "$or must be an array of at least 2 objects, got object"),
        (#"{"$or": [{"a": [1]}]}"#, "$or", "at least 2 objects, got 1"),
        (#"{"$or": []}"#, "$or", "got 0"),
        (#"{"$or": [{"a": [1]}, "b"]}"#, "$or[1]", "$or alternatives must be objects, got string"),
        (#"{"$or": [{"a": [1]}, {}]}"#, "$or[1]", "empty object"),
        (#"{"x": {"$or": [{"a": [1]}, {"b": {"c": []}}]}}"#, "x.$or[1].b.c", "empty array"),
        (#"{"$or": [{"numeric": [1]}, {"b": [1]}]}"#, "$or[0].numeric", "reserved operator name"),
        (#"{"$or": [{"a": {"prefix": ["x"]}}, {"b": [1]}]}"#, "$or[0].a.prefix", "reserved operator name"),
    ]

    @Test(arguments: cases)
    func invalidPatternIsRejectedWithPathAndReason(_ pattern: String, _ path: String, _ message: String) throws {
        let error = try patternError(pattern)
        #expect(error.path == path, "\(pattern) → \(error)")
        #expect(error.message.contains(message), "\(pattern) → \(error)")
    }

    @Test func descriptionJoinsPathAndMessage() throws {
        let error = try patternError(#"{"detail": {"state": [{"numeric": [">", 10, "<", 5]}]}}"#)
        #expect(error.description == "detail.state[0].numeric: numeric range inverted (lower 10 > upper 5)")
        #expect(try patternError("[]").description == "pattern must be a JSON object, got array")
    }

    @Test func patternsNestedTooDeepAreRejected() throws {
        let depth = PatternLimits.maxDepth
        let ok = String(repeating: #"{"a": "#, count: depth - 1) + #"{"b": [1]}"# + String(repeating: "}", count: depth - 1)
        _ = try EventPattern(json: ok)
        let deep = String(repeating: #"{"a": "#, count: depth) + #"{"b": [1]}"# + String(repeating: "}", count: depth)
        let error = try patternError(deep)
        #expect(error.message.contains("pattern too deep"))
        #expect(error.path.hasPrefix("a.a.a"))
    }

    @Test func deepOrNestingCountsTowardsDepth() throws {
        var p = #"{"z": [1]}"#
        for _ in 0..<PatternLimits.maxDepth { p = #"{"$or": [{"y": [1]}, "# + p + "]}" }
        #expect(try patternError(p).message.contains("pattern too deep"))
    }

    @Test func patternsWithTooManyFieldsAreRejected() throws {
        let fields = (0...PatternLimits.maxFields).map { #""f\#($0)": [1]"# }.joined(separator: ",")
        #expect(try patternError("{\(fields)}").message.contains("more than \(PatternLimits.maxFields) field conditions"))
    }

    @Test func patternsWithTooManyValuesAreRejected() throws {
        let values = (0...PatternLimits.maxValues).map(String.init).joined(separator: ",")
        let error = try patternError(#"{"a": [\#(values)]}"#)
        #expect(error.message.contains("more than \(PatternLimits.maxValues) match values"))
        let list = (0...PatternLimits.maxValues).map { "\"v\($0)\"" }.joined(separator: ",")
        #expect(try patternError(#"{"a": [{"anything-but": [\#(list)]}]}"#).message.contains("match values"))
    }

    @Test func tooLongStringsAreRejected() throws {
        let long = String(repeating: "x", count: PatternLimits.maxStringBytes + 1)
        #expect(try patternError(#"{"a": ["\#(long)"]}"#).message.contains("string too long"))
        #expect(try patternError(#"{"a": [{"prefix": "\#(long)"}]}"#).path == "a[0].prefix")
    }

    @Test func patternTextOverTheSizeLimitIsRejected() throws {
        let text = #"{"a": [""# + String(repeating: " ", count: PatternLimits.maxTextBytes) + #""]}"#
        #expect(try patternError(text).message.contains("pattern too big"))
    }

    @Test func orGroupsThatMultiplyOutTooFarAreRejected() throws {
        let group = #"{"$or": [{"a": [1]}, {"b": [1]}, {"c": [1]}, {"d": [1]}]}"#
        let fields = (0..<6).map { #""k\#($0)": \#(group)"# }.joined(separator: ",")  // 4^6 = 4096
        let error = try patternError("{\(fields)}")
        #expect(error.message.contains("4096 alternatives"))
    }

    @Test func largeValidPatternsAreAccepted() throws {
        let values = (0..<1000).map { "\"v\($0)\"" }.joined(separator: ",")
        let p = try EventPattern(json: #"{"a": [\#(values)], "b": [{"anything-but": {"prefix": ["x", "y"]}}]}"#)
        #expect(p.conditions[0].filters.count == 1000)
    }

    @Test func unusualButValidFormsAreAccepted() throws {
        _ = try EventPattern(json: #"{"a": [{"prefix": ""}, {"suffix": ""}, {"wildcard": ""}, {"equals-ignore-case": ""}]}"#)
        _ = try EventPattern(json: #"{"a": [{"anything-but": ""}, {"anything-but": {"equals-ignore-case": ""}}]}"#)
        _ = try EventPattern(json: #"{"a": [12345678901234567890, 1e400]}"#)
        _ = try EventPattern(json: #"{"a": [{"numeric": [">", -1e308, "<", 1e308]}]}"#)
        _ = try EventPattern(json: #"{"a": [{"cidr": "10.0.0.7/0"}, {"cidr": "::/0"}]}"#)
    }
}
