import EventPatterns
import Testing

@Suite struct WildcardFilterTests {
    @Test func starMatchesAnyRunIncludingNone() throws {
        let f = #"{"wildcard": "arn:aws:ecs:*:cluster/prod"}"#
        #expect(try filter(f, matches: #""arn:aws:ecs:eu-north-1:123:cluster/prod""#))
        #expect(try filter(f, matches: #""arn:aws:ecs::cluster/prod""#))
        #expect(try !filter(f, matches: #""arn:aws:ecs:x:cluster/prod2""#))
        #expect(try !filter(f, matches: #""xarn:aws:ecs:x:cluster/prod""#))
    }

    @Test func severalStarsMatchPiecesInOrder() throws {
        let f = #"{"wildcard": "*spot*interrupt*"}"#
        #expect(try filter(f, matches: #""ec2 spot instance interruption""#))
        #expect(try filter(f, matches: #""spotinterrupt""#))
        #expect(try !filter(f, matches: #""interrupt spot""#))
    }

    @Test func headAndTailDoNotOverlap() throws {
        #expect(try !filter(#"{"wildcard": "ab*ba"}"#, matches: #""aba""#))
        #expect(try filter(#"{"wildcard": "ab*ba"}"#, matches: #""abba""#))
        #expect(try filter(#"{"wildcard": "a*a*a"}"#, matches: #""aaa""#))
        #expect(try !filter(#"{"wildcard": "a*a*a"}"#, matches: #""aa""#))
    }

    @Test func escapedStarIsLiteral() throws {
        #expect(try filter(#"{"wildcard": "a\\*b*"}"#, matches: #""a*bc""#))
        #expect(try filter(#"{"wildcard": "a\\*b*"}"#, matches: #""a*b""#))
        #expect(try !filter(#"{"wildcard": "a\\*b*"}"#, matches: #""axbc""#))
        #expect(try filter(#"{"wildcard": "a\\\\*"}"#, matches: #""a\\xyz""#))
    }

    @Test func wildcardWithoutStarIsExact() throws {
        #expect(try filter(#"{"wildcard": "exact"}"#, matches: #""exact""#))
        #expect(try !filter(#"{"wildcard": "exact"}"#, matches: #""exact!""#))
    }

    @Test func loneStarMatchesEveryStringButNothingElse() throws {
        #expect(try filter(#"{"wildcard": "*"}"#, matches: #""""#))
        #expect(try filter(#"{"wildcard": "*"}"#, matches: #""x""#))
        #expect(try !filter(#"{"wildcard": "*"}"#, matches: "5"))
        #expect(try !filter(#"{"wildcard": "*"}"#, matches: "null"))
    }

    @Test func piecesAreSplitAtUnescapedStars() throws {
        let w = try #require(WildcardPattern(#"a\*b*c\\d*"#))
        #expect(w.pieces == [Array("a*b".utf8), Array("c\\d".utf8), []])
        #expect(w.head == Array("a*b".utf8))
        #expect(w.tail == [])
    }

    @Test func invalidWildcardsSayWhy() {
        #expect(WildcardPattern.problem(in: "a**b")?.contains("consecutive") == true)
        #expect(WildcardPattern.problem(in: #"a\b"#)?.contains("invalid escape at position 1") == true)
        #expect(WildcardPattern.problem(in: #"a\"#)?.contains("invalid escape") == true)
        #expect(WildcardPattern.problem(in: #"a\**"#) == nil)
    }
}
