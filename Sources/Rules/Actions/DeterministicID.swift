/// Ids that depend only on what caused them, so a replay or a restarted
/// engine gives an action the same id and consumers can de-duplicate.
/// 128-bit FNV-1a over the parts, printed in UUID form (version 8, "custom").
enum DeterministicID {
    static func make(_ parts: [String]) -> String {
        var h: UInt128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d
        let prime: UInt128 = 0x0000_0000_0100_0000_0000_0000_0000_013B
        for part in parts {
            for b in part.utf8 {
                h ^= UInt128(b)
                h = h &* prime
            }
            h ^= 0xff  // separator: ["ab","c"] and ["a","bc"] differ
            h = h &* prime
        }
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(36)
        for i in 0..<16 {
            var byte = UInt8(truncatingIfNeeded: h >> (8 * (15 - i)))
            if i == 6 { byte = (byte & 0x0f) | 0x80 }  // version 8
            if i == 8 { byte = (byte & 0x3f) | 0x80 }  // RFC 4122 variant
            if i == 4 || i == 6 || i == 8 || i == 10 { text.append(UInt8(ascii: "-")) }
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 15)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
