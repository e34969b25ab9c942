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
        var bytes = (0..<16).map { UInt8(truncatingIfNeeded: h >> (8 * (15 - $0))) }
        bytes[6] = (bytes[6] & 0x0f) | 0x80
        bytes[8] = (bytes[8] & 0x3f) | 0x80
        let hex = bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        let c = Array(hex)
        return "\(String(c[0..<8]))-\(String(c[8..<12]))-\(String(c[12..<16]))-\(String(c[16..<20]))-\(String(c[20..<32]))"
    }
}
