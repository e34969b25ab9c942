import EventPatterns
import Testing
import Events

/// Hostile input: every case must end in a result or an error, never a crash,
/// a stack overflow or unbounded memory.
@Suite struct EventScannerRobustnessTests {
    static let million = 1_000_000

    @Test func rejectsAMillionOpeningBracketsUnderASkippedKey() {
        let bytes = Array(#"{"skip": "#.utf8) + [UInt8](repeating: UInt8(ascii: "["), count: Self.million)
        #expect(scanError(bytes) == EventDecodingError(offset: 9 + 511, reason: .nestingTooDeep(limit: 512)))
    }

    @Test func rejectsAMillionOpeningBracketsUnderANamedKey() {
        let bytes = Array(#"{"resources": "#.utf8) + [UInt8](repeating: UInt8(ascii: "["), count: Self.million)
        #expect(scanError(bytes) == EventDecodingError(offset: 14 + 511, reason: .nestingTooDeep(limit: 512)))
    }

    @Test func rejectsAMillionNestedObjects() {
        let bytes = Array(#"{"a":"#.utf8) + Array(repeating: Array(#"{"a":"#.utf8), count: Self.million / 5).joined()
        var deepPaths = FieldPaths()
        deepPaths.insert(Array(repeating: "a", count: 600))
        var scanner = EventScanner(paths: deepPaths)
        var fields = EventFields()
        #expect(throws: EventDecodingError(offset: 5 * 512, reason: .nestingTooDeep(limit: 512))) {
            try scanner.scan(bytes, into: &fields)
        }
        #expect(scanError(bytes)?.reason == .nestingTooDeep(limit: 512))
    }

    @Test func rejectsAMillionBracketsAtTheTop() {
        #expect(scanError([UInt8](repeating: UInt8(ascii: "["), count: Self.million))?.reason == .topLevelNotObject)
        #expect(parseError([UInt8](repeating: UInt8(ascii: "["), count: Self.million)) != nil)
    }

    @Test func acceptsNestingUpToTheLimitAndNotBeyond() throws {
        func nested(_ depth: Int) -> [UInt8] {
            // The top-level object is depth 1; then depth - 1 arrays.
            Array(#"{"a":"#.utf8) + [UInt8](repeating: UInt8(ascii: "["), count: depth - 1)
                + [UInt8](repeating: UInt8(ascii: "]"), count: depth - 1) + Array("}".utf8)
        }
        for paths in [[], [["a"]]] as [[[String]]] {
            #expect(scanError(nested(512), paths) == nil)
            #expect(scanError(nested(513), paths) == EventDecodingError(offset: 5 + 511, reason: .nestingTooDeep(limit: 512)))
        }
        #expect(parseError(nested(512)) == nil)
        #expect(parseError(nested(513))?.kind == .nestingTooDeep)
        #expect(parseError(nested(513))?.offset == 5 + 511)
    }

    @Test func keepsHugeNumbersAsText() throws {
        let digits = String(repeating: "9", count: 100_000)
        let fields = try scanned(#"{"n": -\#(digits).5e+999999999999, "skip": \#(digits)}"#, [["n"]])
        #expect(fields.count == 1)
        #expect(fields[0].value.count == 100_000 + 17)
        #expect(fields[0].kind == .number)
    }

    @Test func carriesTenMegabyteStrings() throws {
        let big = String(repeating: "abcdefghij", count: 1_000_000)
        let fields = try scanned(#"{"s": "\#(big)", "skip": "\#(big)"}"#, [["s"]])
        #expect(fields.first?.value.count == 10_000_000)
        #expect(fields.first?.value.last == UInt8(ascii: "j"))
    }

    @Test func decodesTenMegabyteStringsFullOfEscapesAndUnicode() throws {
        let unit = #"\u00e9\n\"é😀"#
        let big = String(repeating: unit, count: 10_000_000 / unit.utf8.count)
        let fields = try scanned(#"{"s": "\#(big)", "skip": "\#(big)"}"#, [["s"]])
        #expect(fields.first?.value.count == (10_000_000 / unit.utf8.count) * ("é\n\"é😀".utf8.count))
    }

    @Test func rejectsATenMegabyteStringWithOneBadByteAtTheEnd() {
        let big = [UInt8](repeating: UInt8(ascii: "a"), count: 10_000_000)
        let bytes = Array(#"{"skip": ""#.utf8) + big + [0xC0, 0x80] + Array("\"}".utf8)
        #expect(scanError(bytes) == EventDecodingError(offset: 10 + 10_000_000, reason: .invalidUTF8))
    }

    @Test func rejectsEveryTruncationOfARealEvent() throws {
        for event in [try Fixtures.spotInterruption, try Fixtures.autoScalingLaunch] {
            var end = event.count
            while end > 0, event[end - 1] == 0x0A || event[end - 1] == 0x20 { end -= 1 }
            for length in 0..<end {
                let prefix = Array(event[..<length])
                let error = scanError(prefix, [["detail", "instance-id"], ["detail", "Details", "Subnet ID"]])
                #expect(error != nil, "prefix of \(length) bytes accepted")
                #expect(error?.offset ?? -1 <= length)
            }
            #expect(scanError(Array(event[..<end])) == nil)
        }
    }

    @Test func survivesRandomBytes() {
        var random = SeededGenerator(seed: 0xBAD_B17E5)
        let alphabet = Array(#"{}[]":,\ u0123456789abcdefnrtul-+.eE"#.utf8) + [0x00, 0x0A, 0x80, 0xC0, 0xE0, 0xED, 0xF0, 0xFF]
        var scanner = EventScanner(paths: fieldPaths([["a"], ["a", "b"]]))
        var fields = EventFields()
        for _ in 0..<20_000 {
            let count = Int.random(in: 0..<64, using: &random)
            var bytes = (0..<count).map { _ in alphabet.randomElement(using: &random)! }
            if Bool.random(using: &random) { bytes.insert(UInt8(ascii: "{"), at: 0) }
            do {
                try scanner.scan(bytes, into: &fields)
            } catch {
                #expect(error.offset >= 0 && error.offset <= bytes.count)
            }
        }
    }

    @Test func handlesInputWithoutAByteOfSlackAfterIt() throws {
        // The word-at-a-time paths must never read past the end of the buffer.
        let json = Array(#"{"a":"abcdefghijklmnopq","bcdefghij":"x"}"#.utf8)
        for cut in 0...json.count {
            let bytes = Array(json[..<cut])
            let pointer = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 1)
            defer { pointer.deallocate() }
            bytes.withUnsafeBytes { pointer.copyMemory(from: $0) }
            var scanner = EventScanner(paths: fieldPaths([["a"], ["bcdefghij"]]))
            var fields = EventFields()
            let accepted = (try? scanner.scan(UnsafeRawBufferPointer(pointer), into: &fields)) != nil
            #expect(accepted == (cut == json.count))
        }
    }
}
