/// A seeded generator of valid JSON event documents that exercise every
/// corner the two readers must agree on: nesting, arrays of arrays and of
/// objects, every escape form, raw and escaped Unicode (surrogate pairs
/// included), numbers of every shape, odd whitespace, keys of every length.
struct RandomJSON {
    var random: SeededGenerator
    /// Key paths of the last document, so `paths()` can name some that exist.
    private var produced: [[String]] = []
    private var current: [String] = []

    init(seed: UInt64) { random = SeededGenerator(seed: seed) }

    /// Decoded keys; the generator spells them in random (escaped or raw) ways.
    static let keys = [
        "a", "b", "c", "id", "source", "time", "resources", "detail", "x", "é", "k\"q", "😀", "",
        "eightchr", "sixteen-chars-ok", "a-key-well-beyond-sixteen-bytes", "a-key-well-beyond-sixteen-bytez", "tab\tkey", "sl/ash",
    ]

    static let scalars: [Unicode.Scalar] = [
        "a", "Z", "0", " ", "~", "\"", "\\", "/", "\u{0}", "\u{1}", "\u{8}", "\u{9}", "\u{A}", "\u{C}", "\u{D}", "\u{1F}",
        "\u{7F}", "\u{80}", "é", "\u{7FF}", "\u{800}", "€", "\u{D7FF}", "\u{E000}", "\u{FFFD}", "\u{FFFF}", "\u{2028}",
        "😀", "\u{10000}", "\u{10FFFF}",
    ]

    /// A top-level object.
    mutating func document() -> [UInt8] {
        var out: [UInt8] = []
        produced = []
        current = []
        whitespace(&out)
        object(&out, depth: 0)
        whitespace(&out)
        return out
    }

    /// 1–8 paths: some of the last document's key paths, some random
    /// ones over the generator's keys (up to three deep).
    mutating func paths() -> [[String]] {
        (0..<Int.random(in: 1...8, using: &random)).map { _ in
            if !produced.isEmpty && Bool.random(using: &random) { return produced.randomElement(using: &random)! }
            return (0..<[1, 1, 2, 2, 3].randomElement(using: &random)!).map { _ in Self.keys.randomElement(using: &random)! }
        }
    }

    private mutating func value(_ out: inout [UInt8], depth: Int) {
        let containers = depth < 5
        switch Int.random(in: 0..<(containers ? 10 : 7), using: &random) {
        case 0, 1: string(&out, String(String.UnicodeScalarView(
            (0..<Int.random(in: 0..<12, using: &random)).map { _ in Self.scalars.randomElement(using: &random)! })))
        case 2, 3: out.append(contentsOf: number().utf8)
        case 4: out.append(contentsOf: "true".utf8)
        case 5: out.append(contentsOf: "false".utf8)
        case 6: out.append(contentsOf: "null".utf8)
        case 7: object(&out, depth: depth + 1)
        default: array(&out, depth: depth + 1)
        }
    }

    private mutating func object(_ out: inout [UInt8], depth: Int) {
        out.append(UInt8(ascii: "{"))
        let keys = Self.keys.shuffled(using: &random).prefix(Int.random(in: 0...(depth == 0 ? 8 : 5), using: &random))
        for (n, key) in keys.enumerated() {
            if n > 0 { out.append(UInt8(ascii: ",")) }
            whitespace(&out)
            string(&out, key)
            whitespace(&out)
            out.append(UInt8(ascii: ":"))
            whitespace(&out)
            current.append(key)
            produced.append(current)
            value(&out, depth: depth)
            current.removeLast()
            whitespace(&out)
        }
        if keys.isEmpty { whitespace(&out) }
        out.append(UInt8(ascii: "}"))
    }

    private mutating func array(_ out: inout [UInt8], depth: Int) {
        out.append(UInt8(ascii: "["))
        let count = Int.random(in: 0...4, using: &random)
        for n in 0..<count {
            if n > 0 { out.append(UInt8(ascii: ",")) }
            whitespace(&out)
            value(&out, depth: depth)
            whitespace(&out)
        }
        if count == 0 { whitespace(&out) }
        out.append(UInt8(ascii: "]"))
    }

    private mutating func whitespace(_ out: inout [UInt8]) {
        let choices = ["", "", "", " ", "\n", "\t", "\r\n  "]
        out.append(contentsOf: choices.randomElement(using: &random)!.utf8)
    }

    /// `text` as a JSON string, each scalar spelled raw or escaped at random
    /// (escaped whenever JSON requires it).
    private mutating func string(_ out: inout [UInt8], _ text: String) {
        out.append(UInt8(ascii: "\""))
        for scalar in text.unicodeScalars {
            let mustEscape = scalar == "\"" || scalar == "\\" || scalar.value < 0x20
            let choice = Int.random(in: 0..<4, using: &random)
            if !mustEscape && choice < 2 {
                out.append(contentsOf: String(scalar).utf8)
                continue
            }
            switch scalar {
            case "\"" where choice < 3: out.append(contentsOf: #"\""#.utf8)
            case "\\" where choice < 3: out.append(contentsOf: #"\\"#.utf8)
            case "/" where choice == 2: out.append(contentsOf: #"\/"#.utf8)
            case "\u{8}" where choice < 3: out.append(contentsOf: #"\b"#.utf8)
            case "\u{C}" where choice < 3: out.append(contentsOf: #"\f"#.utf8)
            case "\n" where choice < 3: out.append(contentsOf: #"\n"#.utf8)
            case "\r" where choice < 3: out.append(contentsOf: #"\r"#.utf8)
            case "\t" where choice < 3: out.append(contentsOf: #"\t"#.utf8)
            default:
                for unit in String(scalar).utf16 { out.append(contentsOf: unicodeEscape(unit).utf8) }
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    private mutating func unicodeEscape(_ unit: UInt16) -> String {
        let hex = String(unit, radix: 16, uppercase: Bool.random(using: &random))
        return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
    }

    private mutating func number() -> String {
        func digits(_ count: Int, _ random: inout SeededGenerator) -> String {
            String((0..<count).map { _ in "0123456789".randomElement(using: &random)! })
        }
        var text = Bool.random(using: &random) ? "-" : ""
        switch Int.random(in: 0..<6, using: &random) {
        case 0: text += "0"
        case 1: text += String(Int.random(in: 1...9, using: &random)) + digits(Int.random(in: 0...5, using: &random), &random)
        case 2: text += String(Int.random(in: 1...9, using: &random)) + digits(Int.random(in: 17...40, using: &random), &random)
        case 3: text += ["9223372036854775807", "9223372036854775808", "18446744073709551616"].randomElement(using: &random)!
        default: text += String(Int.random(in: 0...9, using: &random))
        }
        if Bool.random(using: &random) { text += "." + digits(Int.random(in: 1...20, using: &random), &random) }
        if Int.random(in: 0..<3, using: &random) == 0 {
            text += ["e", "E"].randomElement(using: &random)! + ["", "+", "-"].randomElement(using: &random)!
            text += String(Int.random(in: 0...250, using: &random))
        }
        return text
    }
}
