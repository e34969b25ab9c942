import EventPatterns
import Testing

@Suite struct ComparableNumberTests {
    func n(_ text: String) -> ComparableNumber {
        ComparableNumber(jsonLiteral: Array(text.utf8))!
    }

    @Test func equalValuesWrittenDifferentlyAreEqual() {
        #expect(n("5") == n("5.0"))
        #expect(n("5") == n("5e0"))
        #expect(n("5") == n("0.5E1"))
        #expect(n("500") == n("5e+2"))
        #expect(n("0.001") == n("1e-3"))
        #expect(n("-0") == n("0"))
        #expect(n("-0.0e5") == n("0"))
        #expect(n("5").hashValue == n("5.00").hashValue)
    }

    @Test func differentValuesDiffer() {
        #expect(n("5") != n("50"))
        #expect(n("0.1") != n("0.10000001"))
        #expect(n("-1") != n("1"))
    }

    @Test func precisionIsTheDoubles() {
        // Not rounded to six decimals: these differ in the seventh.
        #expect(n("1.0000001") != n("1.0000002"))
        #expect(n("1e-7") < n("2e-7"))
        // The whole double range compares, far beyond ±5e9.
        #expect(n("5000000001") > n("5000000000"))
        #expect(n("1e300") > n("9e299"))
        #expect(n("-1e300") < n("-9e299"))
    }

    @Test func literalsExactlyRepresentableAreComparable() {
        for text in ["0", "5", "-273.15", "0.1", "5000000000", "1.7976931348623157e308", "0.30000000000000004",
            "123456789012345", "5e-324", "9007199254740992"]
        {
            #expect(n(text).isComparable, "\(text)")
        }
    }

    @Test func literalsADoubleCannotHoldExactlyAreNotComparable() {
        for text in ["12345678901234567890", "9007199254740993", "0.1000000000000000000001", "1e400", "-1e400",
            "1e-400", "0.30000000000000001"]
        {
            #expect(!n(text).isComparable, "\(text)")
        }
    }

    @Test func numbersThatAreNotComparableEqualOnlyTheSameText() {
        #expect(n("12345678901234567890") == n("12345678901234567890"))
        #expect(n("12345678901234567890") != n("12345678901234567890.0"))
        #expect(n("12345678901234567890") != n("12345678901234567000"))
        #expect(n("9007199254740993") != n("9007199254740992"))
    }

    @Test func orderIsNumeric() {
        let sorted = ["10", "-1", "2.5", "-1e3", "0", "1e2"].map(n).sorted()
        #expect(sorted.map(\.text) == ["-1e3", "-1", "0", "2.5", "10", "1e2"])
    }

    @Test func sortKeyOrdersLikeTheValues() {
        let values = ["-1e300", "-5", "-0.5", "0", "1e-300", "0.5", "5", "1e300"].map(n)
        for (a, b) in zip(values, values.dropFirst()) {
            #expect(a.sortKey < b.sortKey)
        }
        #expect(n("-0").sortKey == n("0").sortKey)
    }

    @Test func rejectsTextThatIsNotAJSONNumber() {
        for text in ["", "+1", ".5", "5.", "01", "1e", "0x10", "NaN", "Infinity", " 1", "1 "] {
            #expect(ComparableNumber(jsonLiteral: Array(text.utf8)) == nil, "\(text)")
        }
    }

    @Test func doubleInitializerGivesComparableNumbers() {
        #expect(ComparableNumber(5) == n("5"))
        #expect(ComparableNumber(5).text == "5")
        #expect(ComparableNumber(0.25) == n("0.25"))
        #expect(!ComparableNumber(.infinity).isComparable)
    }

    @Test func bufferAndGenericParsersAgree() {
        // The buffer parser has an allocation-free fast path; the generic one
        // always takes the general path. Random literals must agree.
        var state: UInt64 = 42
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        for _ in 0..<20_000 {
            var text = next(4) == 0 ? "-" : ""
            let intDigits = 1 + next(20)
            for k in 0..<intDigits { text += String(k == 0 && intDigits > 1 ? 1 + next(9) : next(10)) }
            if next(2) == 0 {
                text += "."
                for _ in 0..<(1 + next(20)) { text += String(next(10)) }
            }
            if next(3) == 0 {
                text += ["e", "E", "e+", "e-", "E-"][next(5)] + String(next(next(2) == 0 ? 30 : 400))
            }
            let bytes = Array(text.utf8)
            let fast = bytes.withUnsafeBufferPointer { ComparableNumber(jsonLiteral: $0) }
            let general = ComparableNumber(jsonLiteral: text.utf8)
            #expect(fast != nil && general != nil, "\(text)")
            guard let fast, let general else { continue }
            #expect(fast.isComparable == general.isComparable, "\(text)")
            #expect(fast.value == general.value, "\(text)")
            #expect(fast.value == Double(text) ?? fast.value, "\(text)")
            #expect(fast.text == text)
        }
    }
}
