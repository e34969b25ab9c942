@testable import EventPatterns
import DeterministicRandom
import JSON
import Testing

/// The value indexes of the compiled matcher, on their own.
@Suite struct PatternMatcherIndexTests {
    /// Builds a byte table from (owner, tag, key, payload) rows.
    func table(_ rows: [(UInt32, ByteTag, String, UInt32)]) -> ByteEntryTable {
        ByteEntryTable(
            rows.map { owner, tag, key, payload in
                let bytes = Array(key.utf8)
                let o = owner << 3 | tag.rawValue
                return ByteEntryTable.Entry(
                    owner: o, key: bytes, hash: ByteEntryTable.hash(of: bytes, tag: tag, owner: o),
                    payload: payload, payloadCount: 1)
            })
    }

    func find(_ t: ByteEntryTable, _ owner: UInt32, _ tag: ByteTag, _ key: String) -> UInt32? {
        let o = owner << 3 | tag.rawValue
        return t.slots.withUnsafeBufferPointer { slots in
            t.arena.withUnsafeBufferPointer { arena in
                var k = Array(key.utf8)
                return k.withUnsafeMutableBufferPointer { kb in
                    let view = ByteEntryView(slots: slots.baseAddress!, arena: arena.baseAddress!, mask: t.mask)
                    let p = UnsafePointer(kb.baseAddress ?? UnsafeMutablePointer(mutating: MatchHash.emptyBytes))
                    let hit = view.find(owner: o, hash: MatchHash.owned(MatchHash.whole(p, kb.count), owner: o), key: p, count: kb.count)
                    return hit.count == 0 ? nil : hit.payload
                }
            }
        }
    }

    func anchored(_ t: ByteEntryTable, _ owner: UInt32, _ tag: ByteTag, lengths: [Int32], _ value: String) -> [UInt32] {
        var hits: [UInt32] = []
        let o = owner << 3 | tag.rawValue
        t.slots.withUnsafeBufferPointer { slots in
            t.arena.withUnsafeBufferPointer { arena in
                lengths.withUnsafeBufferPointer { l in
                    var v = Array(value.utf8)
                    v.withUnsafeMutableBufferPointer { vb in
                        let view = ByteEntryView(slots: slots.baseAddress!, arena: arena.baseAddress!, mask: t.mask)
                        view.forEachAnchored(
                            owner: o, backward: tag.isBackward, lengths: l.baseAddress!, lengthCount: l.count,
                            value: UnsafePointer(vb.baseAddress!), count: vb.count
                        ) { hits.append($0.payload) }
                    }
                }
            }
        }
        return hits
    }

    @Test func exactIndexKeepsEqualBytesOfDifferentGroupsApart() {
        let t = table([(1, .exact, "running", 10), (2, .exact, "running", 20), (1, .exact, "stopped", 11), (1, .exact, "", 12)])
        #expect(find(t, 1, .exact, "running") == 10)
        #expect(find(t, 2, .exact, "running") == 20)
        #expect(find(t, 1, .exact, "stopped") == 11)
        #expect(find(t, 1, .exact, "") == 12)
        #expect(find(t, 2, .exact, "stopped") == nil)
        #expect(find(t, 1, .foldedExact, "running") == nil)
        #expect(find(t, 1, .exact, "runnin") == nil)
    }

    @Test func exactIndexHoldsManyKeysOfEveryLength() {
        let keys = (0..<5_000).map { String(repeating: "k", count: $0 % 40) + "-\($0)" }
        let t = table(keys.enumerated().map { (7, .exact, $0.element, UInt32($0.offset)) })
        for (i, k) in keys.enumerated() { #expect(find(t, 7, .exact, k) == UInt32(i)) }
        #expect(find(t, 7, .exact, "k-5000") == nil)
    }

    @Test func prefixIndexReportsEveryStoredPrefixShortestFirst() {
        let t = table([(3, .forward, "", 0), (3, .forward, "a", 1), (3, .forward, "abc", 3), (3, .forward, "b", 9),
                       (4, .forward, "ab", 5)])
        let lengths: [Int32] = [0, 1, 3]
        #expect(anchored(t, 3, .forward, lengths: lengths, "abcd") == [0, 1, 3])
        #expect(anchored(t, 3, .forward, lengths: lengths, "ab") == [0, 1])
        #expect(anchored(t, 3, .forward, lengths: lengths, "") == [0])
        #expect(anchored(t, 4, .forward, lengths: [2], "abz") == [5])
    }

    @Test func suffixIndexReportsEveryStoredSuffix() {
        let t = table([(5, .backward, ".png", 1), (5, .backward, "a.png", 2), (5, .backward, "g", 3), (5, .backward, "x.png", 4)])
        #expect(anchored(t, 5, .backward, lengths: [1, 4, 5], "a.png") == [3, 1, 2])
        #expect(anchored(t, 5, .backward, lengths: [1, 4, 5], "png") == [3])
    }

    @Test func scalarIndexSeparatesGroupsAndKinds() {
        let t = ScalarTable([
            .init(group: 0, tag: .comparable, bits: 5.0.bitPattern, targetStart: 1, targetCount: -1),
            .init(group: 1, tag: .comparable, bits: 5.0.bitPattern, targetStart: 2, targetCount: -1),
            .init(group: 0, tag: .true, bits: 0, targetStart: 3, targetCount: -1),
        ])
        t.slots.withUnsafeBufferPointer { slots in
            let view = ScalarView(slots: slots.baseAddress!, mask: t.mask)
            #expect(view.find(group: 0, tag: ScalarTag.comparable.rawValue, bits: 5.0.bitPattern).start == 1)
            #expect(view.find(group: 1, tag: ScalarTag.comparable.rawValue, bits: 5.0.bitPattern).start == 2)
            #expect(view.find(group: 0, tag: ScalarTag.true.rawValue, bits: 0).start == 3)
            #expect(view.find(group: 0, tag: ScalarTag.false.rawValue, bits: 0).count == 0)
            #expect(view.find(group: 0, tag: ScalarTag.comparable.rawValue, bits: 6.0.bitPattern).count == 0)
        }
    }

    @Test func wildcardPlacementFollowsItsLiteralEnds() throws {
        func place(_ s: String) throws -> WildcardPlacement { WildcardPlacement(try #require(WildcardPattern(s))) }
        #expect(try place("abc") == .exact(Array("abc".utf8)))
        #expect(try place("a\\*") == .exact(Array("a*".utf8)))
        #expect(try place("ab*") == .prefix(Array("ab".utf8)))
        #expect(try place("*ab") == .suffix(Array("ab".utf8)))
        #expect(try place("*") == .prefix([]))
        #expect(try place("*a*") == .floating)
        #expect(try place("a*b*c") == .anchored(head: Array("a".utf8), tail: Array("c".utf8)))
        #expect(try place("*a*bc") == .anchored(head: [], tail: Array("bc".utf8)))
    }

    @Test func wildcardAnchorPrefersTheLessSharedEndThenTheLonger() {
        let h = Array("head".utf8), t = Array("tl".utf8)
        #expect(WildcardPlacement.prefersTail(head: h, tail: t, headCount: 10, tailCount: 1))
        #expect(!WildcardPlacement.prefersTail(head: h, tail: t, headCount: 1, tailCount: 10))
        #expect(!WildcardPlacement.prefersTail(head: h, tail: t, headCount: 1, tailCount: 1))
        #expect(WildcardPlacement.prefersTail(head: [], tail: t, headCount: 0, tailCount: 9))
        #expect(!WildcardPlacement.prefersTail(head: h, tail: [], headCount: 9, tailCount: 0))
    }

    @Test func fastNumberParserAgreesWithComparableNumber() {
        var literals = ["0", "-0", "5", "5.0", "5e0", "0.5e1", "500e-2", "1E2", "1e+2", "-1.5", "0.000001", "123456789012345",
                        "1234567890123456", "0.1", "9007199254740993", "1e22", "1e23", "1e-22", "1e-23", "3.14159265358979",
                        "100.000000000000000", "05", "1.", ".5", "-", "1e", "0x10", "4999999999.999999"]
        var rng = SeededRandom(seed: 42)
        for _ in 0..<3_000 {
            var s = rng.chance(0.3) ? "-" : ""
            s += String(rng.int(1_000_000_000))
            if rng.chance(0.5) { s += "." + String(rng.int(1_000_000)) }
            if rng.chance(0.3) { s += "e" + (rng.chance(0.5) ? "-" : "") + String(rng.int(30)) }
            literals.append(s)
        }
        for literal in literals {
            let bytes = Array(literal.utf8)
            let fast = bytes.withUnsafeBufferPointer { NumberLiteral.fastValue($0.baseAddress!, $0.count) }
            guard let fast else { continue }  // the slow path decides
            let full = ComparableNumber(jsonLiteral: bytes)
            #expect(full?.isComparable == true, "\(literal)")
            #expect(full?.value.bitPattern == fast.bitPattern, "\(literal): \(fast) vs \(String(describing: full?.value))")
        }
    }

    @Test func addressParserAgreesWithCIDRBlock() {
        var samples = ["10.0.0.1", "0.0.0.0", "255.255.255.255", "256.1.1.1", "01.2.3.4", "1.2.3", "1.2.3.4.5", "1..2.3",
                       "1.2.3.4 ", "", ".", "::", ":::", "::1", "1::", "1::2::3", "2001:db8::1", "2001:0db8:0000:0000:0000:0000:0000:0001",
                       "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7::", "::1:2:3:4:5:6:7", "::1:2:3:4:5:6:7:8",
                       "::ffff:a00:1", "::ffff:10.0.0.1", "0:0:0:0:0:ffff:0a00:0001", "12345::", "g::", "1:2:3:4:5:6:7:", ":1::"]
        var rng = SeededRandom(seed: 7)
        let alphabet = Array("0123456789abcdefABCDEFg:.".utf8)
        for _ in 0..<20_000 {
            var s: [UInt8]
            if rng.chance(0.5) {
                s = (0..<rng.int(20)).map { _ in rng.pick(alphabet) }
            } else {
                // Near-valid: a valid address with a few bytes changed.
                let v4 = "\(rng.int(300)).\(rng.int(300)).\(rng.int(256)).\(rng.int(256))"
                let v6 = (0..<8).map { _ in String(rng.int(0x10000), radix: 16) }.joined(separator: ":")
                s = Array((rng.chance(0.5) ? v4 : v6).utf8)
                for _ in 0..<rng.int(3) where !s.isEmpty { s[rng.int(s.count)] = rng.pick(alphabet) }
            }
            samples.append(String(decoding: s, as: UTF8.self))
        }
        var out = [UInt8](repeating: 0, count: 16)
        var groups = [UInt16](repeating: 0, count: 16)
        for sample in samples {
            let bytes = Array(sample.utf8)
            let n = bytes.withUnsafeBufferPointer { b in
                out.withUnsafeMutableBufferPointer { o in
                    groups.withUnsafeMutableBufferPointer { g in
                        IPAddressText.parse(b.baseAddress ?? MatchHash.emptyBytes, b.count, into: o.baseAddress!, groups: g.baseAddress!)
                    }
                }
            }
            let want = CIDRBlock.parseAddress(bytes)
            #expect(n == (want?.count ?? 0), "\(sample)")
            if let want, n == want.count { #expect(Array(out[0..<n]) == want, "\(sample)") }
        }
    }

    @Test func cidrIndexProbesOncePerPrefixLength() throws {
        // 768 blocks of one length: one probe finds the one that holds the address.
        let patterns = (0..<768).map { #"{"ip": [{"cidr": "\#(10 + $0 / 256).\#($0 % 256).0.0/16"}]}"# }
        let matcher = try PatternMatcher(patterns.map { try EventPattern(json: $0) })
        #expect(byteKeysByTag(matcher)[.cidr] == 768)
        #expect(matcher.statistics.sharedFilters == 0)
        #expect(try compiledMatches(patterns, #"{"ip": "11.7.200.1"}"#) == [256 + 7])
        #expect(try compiledMatches(patterns, #"{"ip": "13.7.200.1"}"#) == [])
        let mixed = [#"{"ip": [{"cidr": "10.0.0.0/8"}]}"#, #"{"ip": [{"cidr": "10.1.0.0/16"}]}"#, #"{"ip": [{"cidr": "10.1.2.0/24"}]}"#,
                     #"{"ip": [{"cidr": "2001:db8::/32"}]}"#, #"{"ip": [{"cidr": "0.0.0.0/0"}]}"#]
        #expect(try compiledMatches(mixed, #"{"ip": "10.1.2.3"}"#) == [0, 1, 2, 4])
        #expect(try compiledMatches(mixed, #"{"ip": "::ffff:a01:203"}"#) == [0, 1, 2, 4])
        #expect(try compiledMatches(mixed, #"{"ip": "2001:db8:1::5"}"#) == [3])
        #expect(try compiledMatches(mixed, #"{"ip": ["x", 10, "10.1.9.9"]}"#) == [0, 1, 4])
    }

    @Test func matchListSortHandlesRunsAndEveryLength() {
        var rng = SeededRandom(seed: 11)
        for count in [0, 1, 2, 15, 16, 17, 33, 100, 1_000, 4_097] {
            for shape in 0..<3 {
                var ids: [Int32]
                switch shape {
                case 0: ids = (0..<count).map { _ in Int32(rng.int(5_000)) }  // random
                case 1: ids = (0..<count).map { Int32($0) }  // one run
                default:  // ascending runs of random lengths, as accepting states deliver them
                    ids = []
                    while ids.count < count {
                        let base = Int32(rng.int(5_000))
                        ids += (0..<min(1 + rng.int(50), count - ids.count)).map { base + Int32($0 * 3) }
                    }
                }
                let want = ids.sorted()
                var buffer = [Int32](repeating: 0, count: max(count, 1))
                ids.withUnsafeMutableBufferPointer { a in
                    buffer.withUnsafeMutableBufferPointer { b in
                        if let base = a.baseAddress { PatternMatcher.sortInPlace(base, count, buffer: b.baseAddress!) }
                    }
                }
                #expect(ids == want, "count \(count) shape \(shape)")
            }
        }
    }

    @Test func manyMatchesForOneEventComeBackSortedAndOnce() throws {
        // 3,000 patterns of which 2,000 match: the found list is long and out of order.
        let patterns = (0..<3_000).map { i in
            i % 3 == 0 ? #"{"a": ["no"]}"# : i % 2 == 0 ? #"{"a": [{"prefix": "y"}], "b": [\#(i % 7)]}"# : #"{"a": ["yes"]}"#
        }
        let matcher = try PatternMatcher(patterns.map { try EventPattern(json: $0) })
        let event = try JSONValue.parse(#"{"a": "yes", "b": [0, 1, 2, 3, 4, 5, 6]}"#)
        let got = matcher.match(EventFields(flattening: event, paths: matcher.paths))
        #expect(got == (0..<3_000).filter { $0 % 3 != 0 })
    }
}
