import EventPatterns
import Testing

@Suite struct SuffixFilterTests {
    @Test func suffixMatchesStringsThatEndWithIt() throws {
        #expect(try filter(#"{"suffix": ".png"}"#, matches: #""a.png""#))
        #expect(try filter(#"{"suffix": ".png"}"#, matches: #"".png""#))
        #expect(try !filter(#"{"suffix": ".png"}"#, matches: #""png""#))
        #expect(try !filter(#"{"suffix": ".png"}"#, matches: #""a.PNG""#))
        #expect(try !filter(#"{"suffix": ".png"}"#, matches: #""a.png.bak""#))
    }

    @Test func suffixMatchesOnlyStrings() throws {
        #expect(try !filter(#"{"suffix": "5"}"#, matches: "15"))
        #expect(try !filter(#"{"suffix": "e"}"#, matches: "true"))
    }

    @Test func emptySuffixMatchesEveryString() throws {
        #expect(try filter(#"{"suffix": ""}"#, matches: #""""#))
        #expect(try !filter(#"{"suffix": ""}"#, matches: "null"))
    }

    @Test func suffixIgnoringCaseFoldsBothSides() throws {
        let f = #"{"suffix": {"equals-ignore-case": ".PNG"}}"#
        #expect(try parseFilter(f) == .suffix(".PNG", ignoringCase: true))
        #expect(try filter(f, matches: #""a.png""#))
        #expect(try filter(f, matches: #""A.Png""#))
        #expect(try !filter(f, matches: #""a.jpg""#))
        #expect(try filter(#"{"suffix": {"equals-ignore-case": "ΑΒΓ"}}"#, matches: #""x-αβγ""#))
    }
}
