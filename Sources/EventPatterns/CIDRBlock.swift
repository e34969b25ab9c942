/// A `cidr` filter: an IPv4 or IPv6 network. A string value matches when it
/// is an address of the same family inside the network.
///
/// Address syntax follows aws/event-ruler (Java's `InetAddress` behind a
/// regular expression): IPv4 is four dotted decimal octets (0–255, no
/// leading zeros); IPv6 is hex groups with at most one `::`, no embedded
/// dotted IPv4 tail, no zone id, no brackets. An IPv4-mapped IPv6 address
/// (`::ffff:a00:1`) counts as the IPv4 address it maps. Prefix lengths are
/// 0–31 for IPv4 and 0–127 for IPv6 (event-ruler rejects /32 and /128: use the
/// address as an exact value instead). Host bits in the network address are
/// ignored (`10.0.0.7/24` is `10.0.0.0/24`).
package struct CIDRBlock: Hashable, Sendable {
    /// Network address, 4 or 16 bytes, host bits cleared.
    package let network: [UInt8]
    package let prefixLength: Int
    package let source: String

    /// Why a `cidr` argument was rejected.
    package struct Invalid: Error, Hashable, Sendable {
        package var message: String
    }

    /// Parses `address/bits`; nil when malformed (see `init(checking:)` for why).
    package init?(_ source: String) {
        guard let block = try? CIDRBlock(checking: source) else { return nil }
        self = block
    }

    /// Parses `address/bits`, saying precisely what is wrong.
    package init(checking source: String) throws(Invalid) {
        let parts = source.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            throw Invalid(message: "malformed CIDR \"\(source)\": expected address/prefix-length")
        }
        let bitsText = parts[1].utf8
        guard !bitsText.isEmpty, bitsText.count <= 3, bitsText.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
            let bits = Int(parts[1])
        else {
            throw Invalid(message: "malformed CIDR \"\(source)\": prefix length must be a decimal integer")
        }
        guard let address = Self.parseAddress(Array(parts[0].utf8)) else {
            throw Invalid(message: "malformed CIDR \"\(source)\": \"\(parts[0])\" is not an IPv4 or IPv6 address")
        }
        let maxBits = address.count == 4 ? 31 : 127
        guard bits <= maxBits else {
            throw Invalid(
                message: "malformed CIDR \"\(source)\": \(address.count == 4 ? "IPv4" : "IPv6") prefix length must be at most \(maxBits)")
        }
        var network = address
        for i in 0..<network.count {
            let keep = max(0, min(8, bits - i * 8))
            network[i] &= keep == 0 ? 0 : ~UInt8(0) << (8 - keep)
        }
        self.network = network
        self.prefixLength = bits
        self.source = source
    }

    /// Whether `value` (an address's text) is inside the network.
    package func contains<B: Collection<UInt8>>(_ value: B) -> Bool {
        guard let address = Self.parseAddress(Array(value)), address.count == network.count else { return false }
        var remaining = prefixLength
        var i = 0
        while remaining > 0 {
            let take = min(8, remaining)
            let mask: UInt8 = ~UInt8(0) << (8 - take)
            if address[i] & mask != network[i] { return false }
            remaining -= take
            i += 1
        }
        return true
    }

    /// 4 bytes for dotted IPv4 (and IPv4-mapped IPv6), 16 for IPv6; nil otherwise.
    package static func parseAddress(_ text: [UInt8]) -> [UInt8]? {
        if text.contains(UInt8(ascii: ":")) {
            guard let v6 = parseIPv6(text) else { return nil }
            if v6[0..<10].allSatisfy({ $0 == 0 }) && v6[10] == 0xFF && v6[11] == 0xFF {
                return Array(v6[12..<16])
            }
            return v6
        }
        return parseIPv4(text[...])
    }

    private static func parseIPv4(_ text: ArraySlice<UInt8>) -> [UInt8]? {
        let octets = text.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard octets.count == 4 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(4)
        for o in octets {
            guard !o.isEmpty, o.count <= 3, o.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
            if o.count > 1 && o.first == UInt8(ascii: "0") { return nil }
            let v = o.reduce(0) { $0 * 10 + Int($1 - 0x30) }
            guard v <= 255 else { return nil }
            out.append(UInt8(v))
        }
        return out
    }

    private static func hexValue(_ b: UInt8) -> UInt16? {
        switch b {
        case 0x30...0x39: return UInt16(b - 0x30)
        case 0x41...0x46: return UInt16(b - 0x41 + 10)
        case 0x61...0x66: return UInt16(b - 0x61 + 10)
        default: return nil
        }
    }

    private static func parseGroups(_ text: ArraySlice<UInt8>) -> [UInt16]? {
        if text.isEmpty { return [] }
        var groups: [UInt16] = []
        for group in text.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false) {
            guard !group.isEmpty, group.count <= 4 else { return nil }
            var v: UInt16 = 0
            for b in group {
                guard let d = hexValue(b) else { return nil }
                v = v << 4 | d
            }
            groups.append(v)
        }
        return groups
    }

    private static func parseIPv6(_ text: [UInt8]) -> [UInt8]? {
        let colon = UInt8(ascii: ":")
        var head: [UInt16]
        var tail: [UInt16] = []
        var gap = false
        if let g = (0..<max(0, text.count - 1)).first(where: { text[$0] == colon && text[$0 + 1] == colon }) {
            gap = true
            guard let h = parseGroups(text[..<g]), let t = parseGroups(text[(g + 2)...]) else { return nil }
            head = h
            tail = t
        } else {
            guard let h = parseGroups(text[...]) else { return nil }
            head = h
        }
        let words = head.count + tail.count
        if gap ? words > 7 : words != 8 { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(16)
        for w in head { out += [UInt8(w >> 8), UInt8(w & 0xff)] }
        out += Array(repeating: 0, count: (8 - words) * 2)
        for w in tail { out += [UInt8(w >> 8), UInt8(w & 0xff)] }
        return out
    }
}
