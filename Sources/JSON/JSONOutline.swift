/// One pass over a text jansson has read: where its number literals are (in
/// document order), where nesting first goes deeper than `JSONValue.maxDepth`,
/// and, for a duplicate key, the containers open where jansson stopped.
/// Only ever run on text jansson accepted (up to where it stopped), so it
/// need not check the grammar; on other text it stays in bounds and finds
/// nonsense, which the caller never uses.
struct JSONOutline {
    var literals: [Range<Int>] = []
    var tooDeepAt: Int?
    var path: [JSONSyntaxError.PathStep] = []

    /// Literals and depth of the whole text.
    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        var depth = 0
        var i = 0
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: "\""):
                i = Self.skipString(bytes, after: i)
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                if depth > JSONValue.maxDepth {
                    tooDeepAt = i
                    return
                }
                i += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                i += 1
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                guard case .number(let end) = JSONNumberGrammar.scan(bytes, from: i) else {
                    i += 1
                    continue
                }
                literals.append(i..<end)
                i = end
            default:
                i += 1
            }
        }
    }

    /// The steps to the key that ends at `end`: every open container's
    /// current key or index, the innermost object's key last.
    init(_ bytes: UnsafeBufferPointer<UInt8>, pathAt end: Int) {
        enum Frame {
            case object(key: Range<Int>?)
            case array(index: Int)
        }
        var frames: [Frame] = []
        var expectingKey = false
        var i = 0
        while i < min(end, bytes.count) {
            switch bytes[i] {
            case UInt8(ascii: "\""):
                let start = i
                i = Self.skipString(bytes, after: i)
                if expectingKey, case .object? = frames.last {
                    frames[frames.count - 1] = .object(key: start..<i)
                    expectingKey = false
                }
            case UInt8(ascii: "{"):
                frames.append(.object(key: nil))
                expectingKey = true
                i += 1
            case UInt8(ascii: "["):
                frames.append(.array(index: 0))
                i += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                _ = frames.popLast()
                i += 1
            case UInt8(ascii: ","):
                if case .array(let index)? = frames.last {
                    frames[frames.count - 1] = .array(index: index + 1)
                } else {
                    expectingKey = true
                }
                i += 1
            default:
                i += 1
            }
        }
        path = frames.compactMap { frame in
            switch frame {
            case .array(let index): return .index(index)
            case .object(let key?): return .key(Self.decodeKey(UnsafeBufferPointer(rebasing: bytes[key])))
            case .object(nil): return nil
            }
        }
    }

    /// The index after the string whose opening quote is at `quote`.
    private static func skipString(_ bytes: UnsafeBufferPointer<UInt8>, after quote: Int) -> Int {
        var i = quote + 1
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: "\""): return i + 1
            case UInt8(ascii: "\\"): i += 2
            default: i += 1
            }
        }
        return bytes.count
    }

    /// A quoted key as text, escapes resolved (by jansson).
    private static func decodeKey(_ quoted: UnsafeBufferPointer<UInt8>) -> String {
        let key = try? JSONValue.parse(quoted)
        return key?.stringValue ?? String(decoding: quoted, as: UTF8.self)
    }
}
