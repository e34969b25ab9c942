import EventPatterns
import Testing

@Suite struct PrefixFilterTests {
    @Test func prefixMatchesStringsThatStartWithIt() throws {
        #expect(try filter(#"{"prefix": "g4dn."}"#, matches: #""g4dn.xlarge""#))
        #expect(try filter(#"{"prefix": "g4dn."}"#, matches: #""g4dn.""#))
        #expect(try !filter(#"{"prefix": "g4dn."}"#, matches: #""g4dn""#))
        #expect(try !filter(#"{"prefix": "g4dn."}"#, matches: #""G4DN.xlarge""#))
        #expect(try !filter(#"{"prefix": "g4dn."}"#, matches: #""x.g4dn.""#))
    }

    @Test func prefixMatchesOnlyStrings() throws {
        #expect(try !filter(#"{"prefix": "1"}"#, matches: "123"))
        #expect(try !filter(#"{"prefix": "t"}"#, matches: "true"))
        #expect(try !filter(#"{"prefix": "n"}"#, matches: "null"))
    }

    @Test func emptyPrefixMatchesEveryString() throws {
        #expect(try filter(#"{"prefix": ""}"#, matches: #""""#))
        #expect(try filter(#"{"prefix": ""}"#, matches: #""anything""#))
        #expect(try !filter(#"{"prefix": ""}"#, matches: "0"))
    }

    @Test func prefixComparesWholeUTF8Characters() throws {
        #expect(try filter(#"{"prefix": "日"}"#, matches: #""日本""#))
        #expect(try !filter(#"{"prefix": "日本"}"#, matches: #""日""#))
    }

    @Test func prefixIgnoringCaseFoldsBothSides() throws {
        let f = #"{"prefix": {"equals-ignore-case": "EU-"}}"#
        #expect(try parseFilter(f) == .prefix("EU-", ignoringCase: true))
        #expect(try filter(f, matches: #""eu-north-1""#))
        #expect(try filter(f, matches: #""Eu-west-1""#))
        #expect(try !filter(f, matches: #""us-east-1""#))
        #expect(try !filter(f, matches: "1"))
        #expect(try filter(#"{"prefix": {"equals-ignore-case": "ZÜR"}}"#, matches: #""zürich""#))
    }
}
