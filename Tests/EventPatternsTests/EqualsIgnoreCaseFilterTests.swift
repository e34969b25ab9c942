import EventPatterns
import Testing

@Suite struct EqualsIgnoreCaseFilterTests {
    @Test func equalsIgnoreCaseMatchesAnyCasing() throws {
        #expect(try filter(#"{"equals-ignore-case": "ALARM"}"#, matches: #""alarm""#))
        #expect(try filter(#"{"equals-ignore-case": "ALARM"}"#, matches: #""AlArM""#))
        #expect(try !filter(#"{"equals-ignore-case": "ALARM"}"#, matches: #""alarms""#))
        #expect(try !filter(#"{"equals-ignore-case": "ALARM"}"#, matches: #""alar""#))
    }

    @Test func equalsIgnoreCaseMatchesOnlyStrings() throws {
        #expect(try !filter(#"{"equals-ignore-case": "TRUE"}"#, matches: "true"))
        #expect(try !filter(#"{"equals-ignore-case": "5"}"#, matches: "5"))
    }

    @Test func equalsIgnoreCaseFoldsUnicode() throws {
        #expect(try filter(#"{"equals-ignore-case": "ZÜRICH"}"#, matches: #""zürich""#))
        #expect(try filter(#"{"equals-ignore-case": "ΣΟΦΙΑ"}"#, matches: #""σοφια""#))
        #expect(try filter(#"{"equals-ignore-case": "\u212A"}"#, matches: #""k""#))
        #expect(try filter(#"{"equals-ignore-case": "k"}"#, matches: #""\u212A""#))
        #expect(try !filter(#"{"equals-ignore-case": "STRASSE"}"#, matches: #""straße""#))
    }

    @Test func emptyEqualsIgnoreCaseMatchesOnlyTheEmptyString() throws {
        #expect(try filter(#"{"equals-ignore-case": ""}"#, matches: #""""#))
        #expect(try !filter(#"{"equals-ignore-case": ""}"#, matches: #"" ""#))
    }
}
