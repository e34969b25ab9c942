/// A `wildcard` filter: `*` matches any run of characters (none included),
/// `\*` a literal star.
///
/// Kept as its literal pieces between stars, so a compiled matcher can index
/// it by the piece it must start with or end with.
package struct WildcardPattern: Hashable, Sendable {
    /// The literal runs between stars, in order; `pieces.count == stars + 1`.
    package let pieces: [[UInt8]]
    /// The pattern as written, for messages.
    package let source: String

    /// Splits `source`; nil when it is invalid (see `problem(in:)`).
    package init?(_ source: String) {
        guard Self.problem(in: source) == nil else { return nil }
        var pieces: [[UInt8]] = [[]]
        var escaped = false
        for b in source.utf8 {
            if escaped {
                pieces[pieces.count - 1].append(b)
                escaped = false
            } else if b == UInt8(ascii: "\\") {
                escaped = true
            } else if b == UInt8(ascii: "*") {
                pieces.append([])
            } else {
                pieces[pieces.count - 1].append(b)
            }
        }
        self.pieces = pieces
        self.source = source
    }

    /// Why `source` is not a valid wildcard, or nil when it is. As in
    /// event-ruler: two unescaped stars in a row are rejected, and a backslash
    /// may only escape `*` or `\` (byte positions are 0-based).
    package static func problem(in source: String) -> String? {
        let bytes = Array(source.utf8)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "*") {
                if i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "*") {
                    return "consecutive wildcard characters '**' at position \(i)"
                }
            } else if b == UInt8(ascii: "\\") {
                guard i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "*") || bytes[i + 1] == UInt8(ascii: "\\") else {
                    return "invalid escape at position \(i): a backslash may only escape '*' or '\\'"
                }
                i += 1
            }
            i += 1
        }
        return nil
    }

    package var hasStar: Bool { pieces.count > 1 }
    /// The literal run the value must start with (may be empty).
    package var head: [UInt8] { pieces[0] }
    /// The literal run the value must end with (may be empty).
    package var tail: [UInt8] { pieces[pieces.count - 1] }

    /// Whether `value` matches: anchored head and tail, middle pieces found
    /// greedily left to right (leftmost placement is always safe for stars).
    package func matches(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        if !hasStar { return value.elementsEqual(head) }
        let n = value.count
        let h = head, t = tail
        guard n >= h.count + t.count else { return false }
        if !h.isEmpty && !value[0..<h.count].elementsEqual(h) { return false }
        if !t.isEmpty && !value[(n - t.count)..<n].elementsEqual(t) { return false }
        var pos = h.count
        let limit = n - t.count
        var k = 1
        while k < pieces.count - 1 {
            let piece = pieces[k]
            guard let found = Self.find(piece, in: value, from: pos, to: limit) else { return false }
            pos = found + piece.count
            k += 1
        }
        return true
    }

    package func matches<B: Collection<UInt8>>(_ value: B) -> Bool {
        Array(value).withUnsafeBufferPointer { matches($0) }
    }

    private static func find(_ needle: [UInt8], in hay: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int? {
        if needle.isEmpty { return from }
        var i = from
        while i + needle.count <= to {
            if hay[i] == needle[0] {
                var j = 1
                while j < needle.count && hay[i + j] == needle[j] { j += 1 }
                if j == needle.count { return i }
            }
            i += 1
        }
        return nil
    }
}
