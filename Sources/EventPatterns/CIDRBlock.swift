/// A `cidr` filter: an IPv4 or IPv6 network. A string value matches when it
/// is an address of the same family inside the network.
public struct CIDRBlock: Hashable, Sendable {
    /// Network address, 4 or 16 bytes, host bits cleared.
    public let network: [UInt8]
    public let prefixLength: Int
    public let source: String

    /// Parses `a.b.c.d/n` or an IPv6 address with `/n`; nil when malformed.
    public init?(_ source: String) {
        let parts = source.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let bits = Int(parts[1]), parts[1].allSatisfy(\.isASCII),
              let address = Self.parseAddress(Array(parts[0].utf8)),
              bits >= 0, bits <= address.count * 8
        else { return nil }
        var network = address
        for i in 0..<network.count {
            let keep = max(0, min(8, bits - i * 8))
            network[i] &= keep == 0 ? 0 : ~UInt8(0) << (8 - keep)
        }
        self.network = network
        self.prefixLength = bits
        self.source = source
    }

    public func contains<B: Collection<UInt8>>(_ value: B) -> Bool {
        guard let address = Self.parseAddress(Array(value)), address.count == network.count else { return false }
        var remaining = prefixLength
        for i in 0..<address.count where remaining > 0 {
            let take = min(8, remaining)
            let mask: UInt8 = ~UInt8(0) << (8 - take)
            if address[i] & mask != network[i] { return false }
            remaining -= take
        }
        return true
    }

    /// 4 bytes for dotted IPv4, 16 for IPv6 (with `::` and an IPv4 tail).
    static func parseAddress(_ text: [UInt8]) -> [UInt8]? {
        if !text.contains(UInt8(ascii: ":")) { return parseIPv4(text[...]) }
        return parseIPv6(text)
    }

    private static func parseIPv4(_ text: ArraySlice<UInt8>) -> [UInt8]? {
        let octets = text.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard octets.count == 4 else { return nil }
        var out: [UInt8] = []
        for o in octets {
            guard !o.isEmpty, o.count <= 3, o.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
            if o.count > 1 && o.first == UInt8(ascii: "0") { return nil }
            let v = o.reduce(0) { $0 * 10 + Int($1 - 0x30) }
            guard v <= 255 else { return nil }
            out.append(UInt8(v))
        }
        return out
    }

    private static func parseIPv6(_ text: [UInt8]) -> [UInt8]? {
        let colon = UInt8(ascii: ":")
        var head: [UInt16] = [], tail: [UInt16] = []
        var sawGap = false
        var tail4: [UInt8] = []
        // Split on "::" at most once.
        var halves: [ArraySlice<UInt8>] = []
        if let gap = (0..<max(0, text.count - 1)).first(where: { text[$0] == colon && text[$0 + 1] == colon }) {
            sawGap = true
            halves = [text[..<gap], text[(gap + 2)...]]
            if halves[1].starts(with: [colon]) || halves[1].contains(where: { _ in false }) { return nil }
        } else {
            halves = [text[...]]
        }
        for (h, half) in halves.enumerated() {
            if half.isEmpty { continue }
            let groups = half.split(separator: colon, omittingEmptySubsequences: false)
            for (g, group) in groups.enumerated() {
                let isLast = h == halves.count - 1 && g == groups.count - 1
                if isLast && group.contains(UInt8(ascii: ".")) {
                    guard let v4 = parseIPv4(group) else { return nil }
                    tail4 = v4
                    continue
                }
                guard !group.isEmpty, group.count <= 4,
                      let v = UInt16(String(decoding: group, as: UTF8.self), radix: 16) else { return nil }
                if h == 0 { head.append(v) } else { tail.append(v) }
            }
        }
        let words = head.count + tail.count + tail4.count / 2
        if sawGap ? words > 7 : words != 8 { return nil }
        var out: [UInt8] = []
        for w in head { out += [UInt8(w >> 8), UInt8(w & 0xff)] }
        out += Array(repeating: 0, count: (8 - words) * 2)
        for w in tail { out += [UInt8(w >> 8), UInt8(w & 0xff)] }
        out += tail4
        return out.count == 16 ? out : nil
    }
}
