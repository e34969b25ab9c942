/// Allocation-free address parsing with exactly the rules of
/// `CIDRBlock.parseAddress` (tested against it): four dotted decimal octets
/// (0–255, no leading zeros) for IPv4; hex groups with at most one `::`, no
/// dotted tail, for IPv6; an IPv4-mapped IPv6 address is its IPv4 address.
enum IPAddressText {
    /// Parses the `n` bytes at `p`; writes the address to `out` (16 bytes of
    /// room) and returns its length, 4 or 16, or 0 when it is not an address.
    /// `groups` is room for 16 `UInt16`.
    static func parse(
        _ p: UnsafePointer<UInt8>, _ n: Int, into out: UnsafeMutablePointer<UInt8>,
        groups: UnsafeMutablePointer<UInt16>
    ) -> Int {
        var colon = false
        for i in 0..<n where p[i] == UInt8(ascii: ":") {
            colon = true
            break
        }
        if !colon { return parseIPv4(p, n, into: out) ? 4 : 0 }
        guard parseIPv6(p, n, into: out, groups: groups) else { return 0 }
        for i in 0..<10 where out[i] != 0 { return 16 }
        if out[10] == 0xFF && out[11] == 0xFF {
            for i in 0..<4 { out[i] = out[12 + i] }
            return 4
        }
        return 16
    }

    private static func parseIPv4(_ p: UnsafePointer<UInt8>, _ n: Int, into out: UnsafeMutablePointer<UInt8>) -> Bool {
        var i = 0
        for octet in 0..<4 {
            let start = i
            var value = 0
            while i < n && p[i] != UInt8(ascii: ".") {
                let d = p[i] &- 0x30
                guard d < 10, i - start < 3 else { return false }
                value = value * 10 + Int(d)
                i += 1
            }
            let length = i - start
            guard length >= 1, !(length > 1 && p[start] == UInt8(ascii: "0")), value <= 255 else { return false }
            out[octet] = UInt8(value)
            if octet < 3 {
                guard i < n else { return false }  // p[i] is "."
                i += 1
            } else if i != n {
                return false
            }
        }
        return true
    }

    /// Parses colon-separated hex groups in `p[start..<end]` into `groups`
    /// (at most `limit`); returns how many, or nil.
    private static func parseGroups(
        _ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, into groups: UnsafeMutablePointer<UInt16>, limit: Int
    ) -> Int? {
        if start == end { return 0 }
        var count = 0
        var i = start
        while true {
            let groupStart = i
            var value: UInt16 = 0
            while i < end && p[i] != UInt8(ascii: ":") {
                let b = p[i]
                let d: UInt16
                switch b {
                case 0x30...0x39: d = UInt16(b - 0x30)
                case 0x41...0x46: d = UInt16(b - 0x41 + 10)
                case 0x61...0x66: d = UInt16(b - 0x61 + 10)
                default: return nil
                }
                guard i - groupStart < 4 else { return nil }
                value = value << 4 | d
                i += 1
            }
            guard i > groupStart, count < limit else { return nil }
            groups[count] = value
            count += 1
            if i == end { return count }
            i += 1  // the ":"
        }
    }

    private static func parseIPv6(
        _ p: UnsafePointer<UInt8>, _ n: Int, into out: UnsafeMutablePointer<UInt8>, groups: UnsafeMutablePointer<UInt16>
    ) -> Bool {
        var gap = -1
        var i = 0
        while i + 1 < n {
            if p[i] == UInt8(ascii: ":") && p[i + 1] == UInt8(ascii: ":") {
                gap = i
                break
            }
            i += 1
        }
        let head: Int
        var tail = 0
        if gap >= 0 {
            guard let h = parseGroups(p, 0, gap, into: groups, limit: 8),
                let t = parseGroups(p, gap + 2, n, into: groups + 8, limit: 8)
            else { return false }
            head = h
            tail = t
            guard head + tail <= 7 else { return false }
        } else {
            guard let h = parseGroups(p, 0, n, into: groups, limit: 8), h == 8 else { return false }
            head = h
        }
        var o = 0
        for k in 0..<head {
            out[o] = UInt8(groups[k] >> 8)
            out[o + 1] = UInt8(groups[k] & 0xFF)
            o += 2
        }
        for _ in 0..<((8 - head - tail) * 2) {
            out[o] = 0
            o += 1
        }
        for k in 0..<tail {
            out[o] = UInt8(groups[8 + k] >> 8)
            out[o + 1] = UInt8(groups[8 + k] & 0xFF)
            o += 2
        }
        return true
    }
}
