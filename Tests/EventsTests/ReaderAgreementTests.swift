import EventPatterns
import Events
import JSON
import Testing

/// The scanner (hot path) and `JSONValue` (jansson) flattened by
/// `EventFields(flattening:)` are two readers of the same bytes with one
/// contract; these properties hold them to it.
@Suite struct ReaderAgreementTests {
    enum Outcome {
        case accepted([FlatField])
        case rejected(String)
    }

    static func scan(_ bytes: [UInt8], _ scanner: EventScanner) -> (Outcome, EventDecodingError?) {
        var scanner = scanner
        var fields = EventFields()
        do {
            try scanner.scan(bytes, into: &fields)
            return (.accepted(fields.flat(scanner.paths)), nil)
        } catch {
            return (.rejected(error.description), error)
        }
    }

    /// An event is an object: a document with another top-level value is
    /// rejected here as the scanner rejects it.
    static func flatten(_ bytes: [UInt8], _ paths: FieldPaths) -> (Outcome, JSONSyntaxError?) {
        do {
            let document = try JSONValue.parse(bytes)
            guard case .object = document.content else { return (.rejected("top-level value is not an object"), nil) }
            return (.accepted(EventFields(flattening: document, paths: paths).flat(paths)), nil)
        } catch {
            return (.rejected(error.description), error)
        }
    }

    /// The contract asks numbers to agree by value (`ComparableNumber`, as
    /// the matcher compares them); `JSONValue` keeps literals, so the
    /// readers in fact agree byte for byte, and both are checked.
    static func agree(_ a: [FlatField], _ b: [FlatField]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { x, y in x.agrees(with: y) && x == y }
    }

    @Test func scannerAndJanssonYieldTheSameFieldsOnGeneratedDocuments() {
        var generator = RandomJSON(seed: 0x5EED_0001)
        var fieldCount = 0
        var numberCount = 0
        var trailCount = 0
        for n in 0..<2_500 {
            let bytes = generator.document()
            let scanner = EventScanner(paths: fieldPaths(generator.paths()))
            let (scanned, scanError) = Self.scan(bytes, scanner)
            let (flattened, parseError) = Self.flatten(bytes, scanner.paths)
            guard case .accepted(let fromScanner) = scanned, case .accepted(let fromDocument) = flattened else {
                Issue.record("document \(n) rejected: scanner \(String(describing: scanError)), jansson \(String(describing: parseError))\n\(String(decoding: bytes, as: UTF8.self))")
                continue
            }
            #expect(Self.agree(fromScanner, fromDocument), "document \(n): \(String(decoding: bytes, as: UTF8.self))\nscanner: \(fromScanner)\njansson: \(fromDocument)")
            fieldCount += fromScanner.count
            numberCount += fromScanner.filter { $0.kind == .number }.count
            trailCount += fromScanner.filter { !$0.trail.isEmpty }.count
        }
        // The generator must actually reach fields, numbers and arrays for the property to mean anything.
        #expect(fieldCount > 5_000)
        #expect(numberCount > 500)
        #expect(trailCount > 500)
    }

    /// Mutations of valid documents (truncation, byte flips, deletions,
    /// insertions) must be rejected by both readers or accepted by both with
    /// the same fields. Where they legitimately differ, jansson is the one
    /// that rejects, for a reason of its data model the scanner does not share:
    /// - a duplicate key the scanner does not read (it only checks keys that
    ///   lead to a named path; checking all would cost a set per object);
    /// - `\u0000` in an object key (jansson's reader cannot hold one).
    @Test func scannerAndJanssonRejectTheSameMutatedDocuments() {
        var generator = RandomJSON(seed: 0xF0_22ED)
        var random = SeededGenerator(seed: 0xF1_1B)
        let interesting: [UInt8] = Array(#"{}[]":,\"u0-+.eE tfn"#.utf8) + [0x00, 0x0A, 0x1F, 0x7F, 0x80, 0xBF, 0xC0, 0xC3, 0xE0, 0xED, 0xF0, 0xF4, 0xFF]
        var bothRejected = 0
        var bothAccepted = 0
        var documentedDifferences = 0
        for _ in 0..<2_000 {
            let original = generator.document()
            let scanner = EventScanner(paths: fieldPaths(generator.paths()))
            for _ in 0..<5 {
                var bytes = original
                let at = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<5, using: &random) {
                case 0: bytes.removeSubrange(at...)
                case 1: bytes[at] = interesting.randomElement(using: &random)!
                case 2: bytes[at] = UInt8.random(in: 0...255, using: &random)
                case 3: bytes.remove(at: at)
                default: bytes.insert(interesting.randomElement(using: &random)!, at: at)
                }
                let (scanned, scanError) = Self.scan(bytes, scanner)
                let (flattened, parseError) = Self.flatten(bytes, scanner.paths)
                let text = String(decoding: bytes, as: UTF8.self)
                switch (scanned, flattened) {
                case (.accepted(let a), .accepted(let b)):
                    bothAccepted += 1
                    #expect(Self.agree(a, b), "\(text)\nscanner: \(a)\njansson: \(b)")
                case (.rejected, .rejected):
                    bothRejected += 1
                    if scanError?.reason == .duplicateKey { #expect(parseError?.kind == .duplicateKey, "\(text)") }
                case (.accepted, .rejected):
                    let kind = parseError?.kind
                    #expect(kind == .duplicateKey || kind == .nulInKey,
                        "jansson alone rejected: \(String(describing: parseError))\n\(text)")
                    documentedDifferences += 1
                case (.rejected(let reason), .accepted):
                    Issue.record("scanner alone rejected (\(reason)):\n\(text)")
                }
            }
        }
        #expect(bothRejected > 3_000)
        #expect(bothAccepted > 500)
        #expect(documentedDifferences < 100)
    }

    @Test func bothReadersAcceptAndAgreeOnTheFixtures() throws {
        for bytes in [try Fixtures.spotInterruption, try Fixtures.autoScalingLaunch] {
            let scanner = EventScanner(paths: fieldPaths([["detail", "instance-id"], ["detail", "Details", "Subnet ID"], ["detail"]]))
            guard case (.accepted(let a), _) = Self.scan(bytes, scanner), case (.accepted(let b), _) = Self.flatten(bytes, scanner.paths) else {
                Issue.record("fixture rejected")
                continue
            }
            #expect(a == b)
        }
    }
}
