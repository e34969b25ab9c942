import EventPatterns
import Testing

@Suite struct CaseFoldingTests {
    func folded(_ a: String, _ b: String) -> Bool { CaseFolding.fold(a) == CaseFolding.fold(b) }

    @Test func asciiFoldsToLowercase() {
        #expect(CaseFolding.fold("Hello, WORLD-42_[]") == Array("hello, world-42_[]".utf8))
    }

    @Test func foldsUnicodeLetters() {
        #expect(folded("ZÜRICH", "zürich"))
        #expect(folded("ΑΒΓ", "αβγ"))
        #expect(folded("ПРИВЕТ", "привет"))
    }

    @Test func foldsCaseVariantsTogether() {
        #expect(folded("Σ", "σ"))
        #expect(folded("ς", "σ"))  // final sigma
        #expect(folded("\u{212A}", "k"))  // Kelvin sign
        #expect(folded("ſ", "s"))  // long s
        #expect(folded("ǅ", "ǆ"))  // titlecase digraph
        #expect(folded("ǅ", "Ǆ"))
    }

    @Test func mappingsThatChangeLengthAreNotApplied() {
        #expect(!folded("straße", "STRASSE"))
        #expect(folded("STRASSE", "strasse"))
        #expect(folded("ß", "ß"))
        #expect(folded("ﬀ", "ﬀ"))
    }

    @Test func dottedCapitalIFoldsToI() {
        #expect(folded("İ", "i"))
    }

    @Test func foldOfBytesAndOfStringAgree() {
        for s in ["", "ABC", "Ünïcödé", "日本", "😀X"] {
            let bytes = Array(s.utf8)
            #expect(bytes.withUnsafeBufferPointer { CaseFolding.fold($0) } == CaseFolding.fold(s))
        }
    }

    @Test func caselessCharactersAreUnchanged() {
        #expect(CaseFolding.fold("日本-😀-123") == Array("日本-😀-123".utf8))
    }
}
