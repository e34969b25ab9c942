import JSON
import Testing

/// Well-formed UTF-8 by RFC 3629's table, as the event scanner checks it.
@Suite struct UTF8ValidationTests {
    func scan(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBufferPointer { p in
            switch UTF8Validation.scanSequence(p.baseAddress!, p.count, 0) {
            case .scalar(let end): "scalar to \(end)"
            case .truncated: "truncated"
            case .invalid: "invalid"
            }
        }
    }

    @Test func acceptsEverySequenceLengthAtItsBoundaries() {
        #expect(scan([0xC2, 0x80]) == "scalar to 2")  // U+0080
        #expect(scan([0xDF, 0xBF, 0x41]) == "scalar to 2")  // U+07FF
        #expect(scan([0xE0, 0xA0, 0x80]) == "scalar to 3")  // U+0800
        #expect(scan([0xED, 0x9F, 0xBF]) == "scalar to 3")  // U+D7FF
        #expect(scan([0xEE, 0x80, 0x80]) == "scalar to 3")  // U+E000
        #expect(scan([0xF0, 0x90, 0x80, 0x80]) == "scalar to 4")  // U+10000
        #expect(scan([0xF4, 0x8F, 0xBF, 0xBF]) == "scalar to 4")  // U+10FFFF
    }

    @Test func rejectsOverlongFormsSurrogatesAndWhatLiesBeyondUnicode() {
        #expect(scan([0xC0, 0xAF]) == "invalid")
        #expect(scan([0xC1, 0xBF]) == "invalid")
        #expect(scan([0xE0, 0x9F, 0xBF]) == "invalid")
        #expect(scan([0xED, 0xA0, 0x80]) == "invalid")
        #expect(scan([0xF0, 0x8F, 0xBF, 0xBF]) == "invalid")
        #expect(scan([0xF4, 0x90, 0x80, 0x80]) == "invalid")
        #expect(scan([0xF5, 0x80, 0x80, 0x80]) == "invalid")
        #expect(scan([0x80]) == "invalid")
        #expect(scan([0xE6, 0x97, 0x41]) == "invalid")
    }

    @Test func aSequenceCutByTheEndOfInputIsTruncated() {
        #expect(scan([0xE6, 0x97]) == "truncated")
        #expect(scan([0xF0]) == "truncated")
    }
}
