import EventPatterns

/// The hot-path reader: validates a whole JSON event in one pass over its
/// bytes and yields only the scalars at paths some pattern (or the envelope)
/// names.
///
/// Contract (shared with `EventFields(flattening:)` of a parsed `JSONValue`,
/// and checked against it by a property test):
/// - The input must be one RFC 8259 JSON text whose top-level value is an
///   object, optionally surrounded by whitespace. Everything is validated,
///   including values that are skipped: the grammar, UTF-8 (no overlong
///   forms, no encoded surrogates, nothing above U+10FFFF), escapes (a
///   `\uD800`–`\uDBFF` escape must be followed by a `\uDC00`–`\uDFFF` one).
/// - Nesting deeper than `maximumDepth` containers (the top-level object is
///   depth 1) is an error, so hostile input cannot exhaust memory or stack.
/// - Fields come out in document order. A string's value is its decoded
///   UTF-8 content; a number's is its literal text exactly as written (so
///   numbers of any size are kept); `true`, `false` and `null` have none.
/// - A key leads somewhere when `FieldPaths` has a node for it under the
///   current node. Scalars are emitted at wanted nodes; objects are
///   descended only when their node has children (otherwise skipped, even
///   at a wanted node: they are not scalars).
/// - Each element of an array at a node that was reached is visited with an
///   `ArrayPosition` on its trail; array ids count, from 0 per event, the
///   arrays reached, in the order their `[` appears. Arrays nested in arrays
///   each get their own id and trail entry.
/// - Duplicate keys: a key that leads somewhere and appears twice in the same
///   object is an error (`duplicateKey`), so a pattern never sees two values
///   for one field. Duplicates among keys that lead nowhere are not detected:
///   finding them would cost a set per skipped object. `JSONValue` (jansson)
///   rejects every duplicate; its documentation lists this and the other
///   place where jansson's data model makes it stricter (`\u0000` in keys).
///
/// A scanner is a value: it owns a copy of the paths and reusable buffers, so
/// after warm-up a scan allocates nothing (beyond growing `fields`). `scan` is
/// mutating; give each thread its own copy.
package struct EventScanner: Sendable {
    package static let maximumDepth = 512

    /// The pattern paths plus the envelope paths the scanner inserted.
    package let paths: FieldPaths
    /// The ids of the envelope fields in `paths`.
    package let envelope: EnvelopePaths

    private static let wantedFlag: UInt8 = 1
    private static let childrenFlag: UInt8 = 2

    /// `wanted` and `hasChildren` per node, local so the hot loop needs no call into `FieldPaths`.
    private let nodeFlags: [UInt8]
    private let childKeys: ChildKeyIndex
    /// For duplicate detection: a bit per node, distinct among siblings (0
    /// past the 64th sibling), and, for nodes without a bit, the object
    /// instance in which the node's key was last seen.
    private let siblingBit: [UInt64]
    private var seenIn: [UInt64]
    private var objectInstance: UInt64 = 0
    /// Per node, the scan in which a key last led to it, whatever its value
    /// (see `reachedNodes`).
    private var reachedIn: [UInt32]
    private var scans: UInt32 = 0
    private var frames: [Frame] = []
    private var trail: [ArrayPosition] = []
    private var keyBytes: [UInt8] = []

    /// A container that encloses the one being read.
    private struct Frame {
        var node: Int32
        var isArray: Bool
        /// Members or elements read so far.
        var count: Int32
        /// Duplicate detection (objects only): sibling bits of keys seen, and
        /// which object this is for nodes without a bit.
        var seen: UInt64
        var instance: UInt64
    }

    package init(paths: FieldPaths) {
        var paths = paths
        envelope = EnvelopePaths(inserting: &paths)
        self.paths = paths
        var flags = [UInt8](repeating: 0, count: paths.count)
        for node in 0..<paths.count {
            let id = Int32(node)
            if paths.isWanted(id) { flags[node] |= Self.wantedFlag }
            if paths.hasChildren(id) { flags[node] |= Self.childrenFlag }
        }
        nodeFlags = flags
        childKeys = ChildKeyIndex(paths)
        var bits = [UInt64](repeating: 0, count: paths.count)
        var siblings = [Int](repeating: 0, count: paths.count)
        for node in 1..<paths.count {
            let segments = paths.segments(of: Int32(node))
            guard let parent = paths.id(of: Array(segments.dropLast())) else { continue }
            let ordinal = siblings[Int(parent)]
            siblings[Int(parent)] += 1
            if ordinal < 64 { bits[node] = 1 << UInt64(ordinal) }
        }
        siblingBit = bits
        seenIn = [UInt64](repeating: 0, count: paths.count)
        reachedIn = [UInt32](repeating: 0, count: paths.count)
        frames.reserveCapacity(16)
        trail.reserveCapacity(8)
    }

    /// The nodes a key of the event scanned last led to, whatever the value
    /// there: an object or an array yields no field, but is there.
    package var reachedNodes: ReachedNodes { ReachedNodes(stamps: reachedIn, scan: scans) }

    /// Scans `bytes` into `fields` (emptied first). On error `fields` holds
    /// whatever was emitted before the error and must not be used.
    package mutating func scan(_ bytes: [UInt8], into fields: inout EventFields) throws(EventDecodingError) {
        // `withUnsafeBytes` rethrows untyped errors, so the typed one travels in a Result.
        var outcome: Result<Void, EventDecodingError> = .success(())
        bytes.withUnsafeBytes { raw in
            do throws(EventDecodingError) { try scan(raw, into: &fields) } catch { outcome = .failure(error) }
        }
        try outcome.get()
    }

    /// Scans `input` into `fields` (emptied first). On error `fields` holds
    /// whatever was emitted before the error and must not be used.
    package mutating func scan(_ input: UnsafeRawBufferPointer, into fields: inout EventFields) throws(EventDecodingError) {
        fields.removeAll()
        frames.removeAll(keepingCapacity: true)
        trail.removeAll(keepingCapacity: true)
        scans &+= 1
        if scans == 0 {
            for k in reachedIn.indices { reachedIn[k] = 0 }
            scans = 1
        }
        let n = input.count
        guard let base = input.baseAddress, n > 0 else {
            throw EventDecodingError(offset: 0, reason: .unexpectedEnd)
        }
        // Field offsets are Int32; an event this large is not an event.
        guard n <= Int(Int32.max) else { throw EventDecodingError(offset: 0, reason: .inputTooLarge) }
        let p = base.assumingMemoryBound(to: UInt8.self)

        var i = JSONLexer.skipWhitespace(p, n, 0)
        guard i < n else { throw EventDecodingError(offset: n, reason: .unexpectedEnd) }
        guard p[i] == UInt8(ascii: "{") else { throw EventDecodingError(offset: i, reason: .topLevelNotObject) }
        if nodeFlags[Int(FieldPaths.root)] & Self.childrenFlag == 0 {
            i = try Self.skipValue(p, n, i, depth: 0)
        } else {
            i = try descend(p, n, i, into: &fields)
        }
        i = JSONLexer.skipWhitespace(p, n, i)
        guard i == n else { throw EventDecodingError(offset: i, reason: .trailingData) }
    }

    /// Reads the top-level object at `start` following the path tree; returns
    /// the index after its closing brace.
    ///
    /// The innermost open container lives in locals (`node`, `inArray`,
    /// `count`, `seen`, `instance`); `frames` holds only the ones around it,
    /// so reading an element touches no array.
    private mutating func descend(
        _ p: UnsafePointer<UInt8>, _ n: Int, _ start: Int, into fields: inout EventFields
    ) throws(EventDecodingError) -> Int {
        var node = FieldPaths.root
        var inArray = false
        var count: Int32 = 0
        var seen: UInt64 = 0
        objectInstance &+= 1
        var instance = objectInstance
        var nextArray: Int32 = 0
        var i = start &+ 1

        while true {
            i = JSONLexer.skipWhitespace(p, n, i)
            guard i < n else { throw EventDecodingError(offset: n, reason: .unexpectedEnd) }
            var c = p[i]
            let valueNode: Int32

            if !inArray {
                if c == UInt8(ascii: ",") && count > 0 {
                    i = JSONLexer.skipWhitespace(p, n, i &+ 1)
                    guard i < n else { throw EventDecodingError(offset: n, reason: .unexpectedEnd) }
                    c = p[i]
                } else if c == UInt8(ascii: "}") {
                    i &+= 1
                    guard let outer = frames.popLast() else { return i }
                    (node, inArray, count, seen, instance) = (outer.node, outer.isArray, outer.count, outer.seen, outer.instance)
                    continue
                } else if count > 0 {
                    throw EventDecodingError(offset: i, reason: .unexpectedByte(c, expected: "',' or '}'"))
                }
                guard c == JSONLexer.quote else {
                    throw EventDecodingError(offset: i, reason: .unexpectedByte(c, expected: count == 0 ? "a key or '}'" : "a key"))
                }
                let keyAt = i
                let keyStart = i &+ 1
                var escaped = false
                let keyEnd = try JSONLexer.scanString(p, n, keyStart, escaped: &escaped)
                i = JSONLexer.skipWhitespace(p, n, keyEnd &+ 1)
                guard i < n else { throw EventDecodingError(offset: n, reason: .unexpectedEnd) }
                guard p[i] == UInt8(ascii: ":") else {
                    throw EventDecodingError(offset: i, reason: .unexpectedByte(p[i], expected: "':'"))
                }
                i = JSONLexer.skipWhitespace(p, n, i &+ 1)
                guard i < n else { throw EventDecodingError(offset: n, reason: .unexpectedEnd) }
                count &+= 1

                let child: Int32?
                if escaped {
                    keyBytes.removeAll(keepingCapacity: true)
                    JSONLexer.decodeString(p, keyStart, keyEnd, into: &keyBytes)
                    child = keyBytes.withUnsafeBufferPointer { key in
                        guard let base = key.baseAddress else { return nil }
                        return childKeys.child(of: node, key: base, length: key.count, readable: key.count)
                    }
                } else {
                    child = childKeys.child(of: node, key: p + keyStart, length: keyEnd &- keyStart, readable: n &- keyStart)
                }
                guard let child else {
                    i = try Self.skipValue(p, n, i, depth: frames.count &+ 1)
                    continue
                }
                // Siblings get a bit of `seen`; past 64 of them, a per-node stamp of the object instance.
                let bit = siblingBit[Int(child)]
                if bit != 0 {
                    if seen & bit != 0 { throw EventDecodingError(offset: keyAt, reason: .duplicateKey) }
                    seen |= bit
                } else {
                    if seenIn[Int(child)] == instance { throw EventDecodingError(offset: keyAt, reason: .duplicateKey) }
                    seenIn[Int(child)] = instance
                }
                reachedIn[Int(child)] = scans
                valueNode = child
            } else {
                if c == UInt8(ascii: ",") && count > 0 {
                    i = JSONLexer.skipWhitespace(p, n, i &+ 1)
                    guard i < n else { throw EventDecodingError(offset: n, reason: .unexpectedEnd) }
                } else if c == UInt8(ascii: "]") {
                    i &+= 1
                    trail.removeLast()
                    let outer = frames.removeLast()
                    (node, inArray, count, seen, instance) = (outer.node, outer.isArray, outer.count, outer.seen, outer.instance)
                    continue
                } else if count > 0 {
                    throw EventDecodingError(offset: i, reason: .unexpectedByte(c, expected: "',' or ']'"))
                }
                trail[trail.count &- 1].index = count
                count &+= 1
                valueNode = node
            }

            // A value at `valueNode` starts at `i` (not whitespace, not past the end).
            let flags = nodeFlags[Int(valueNode)]
            let wanted = flags & Self.wantedFlag != 0
            switch p[i] {
            case JSONLexer.quote:
                let start = i &+ 1
                var escaped = false
                let end = try JSONLexer.scanString(p, n, start, escaped: &escaped)
                i = end &+ 1
                if wanted {
                    let before = fields.bytes.count
                    if escaped {
                        JSONLexer.decodeString(p, start, end, into: &fields.bytes)
                    } else if end > start {
                        fields.bytes.append(contentsOf: UnsafeBufferPointer(start: p + start, count: end &- start))
                    }
                    appendField(valueNode, .string, start: before, count: fields.bytes.count &- before, into: &fields)
                }
            case UInt8(ascii: "{"):
                if flags & Self.childrenFlag != 0 {
                    guard frames.count &+ 1 < Self.maximumDepth else {
                        throw EventDecodingError(offset: i, reason: .nestingTooDeep(limit: Self.maximumDepth))
                    }
                    frames.append(Frame(node: node, isArray: inArray, count: count, seen: seen, instance: instance))
                    objectInstance &+= 1
                    (node, inArray, count, seen, instance) = (valueNode, false, 0, 0, objectInstance)
                    i &+= 1
                } else {
                    i = try Self.skipValue(p, n, i, depth: frames.count &+ 1)
                }
            case UInt8(ascii: "["):
                guard frames.count &+ 1 < Self.maximumDepth else {
                    throw EventDecodingError(offset: i, reason: .nestingTooDeep(limit: Self.maximumDepth))
                }
                frames.append(Frame(node: node, isArray: inArray, count: count, seen: seen, instance: instance))
                (node, inArray, count, seen, instance) = (valueNode, true, 0, 0, 0)
                trail.append(ArrayPosition(array: nextArray, index: 0))
                nextArray &+= 1
                i &+= 1
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                let start = i
                i = try JSONLexer.scanNumber(p, n, i)
                if wanted {
                    let before = fields.bytes.count
                    fields.bytes.append(contentsOf: UnsafeBufferPointer(start: p + start, count: i &- start))
                    appendField(valueNode, .number, start: before, count: i &- start, into: &fields)
                }
            case UInt8(ascii: "t"):
                i = try JSONLexer.scanLiteral(p, n, i, "true")
                if wanted { appendField(valueNode, .true, start: fields.bytes.count, count: 0, into: &fields) }
            case UInt8(ascii: "f"):
                i = try JSONLexer.scanLiteral(p, n, i, "false")
                if wanted { appendField(valueNode, .false, start: fields.bytes.count, count: 0, into: &fields) }
            case UInt8(ascii: "n"):
                i = try JSONLexer.scanLiteral(p, n, i, "null")
                if wanted { appendField(valueNode, .null, start: fields.bytes.count, count: 0, into: &fields) }
            default:
                throw EventDecodingError(offset: i, reason: .unexpectedByte(p[i], expected: "a value"))
            }
        }
    }

    /// Records a field whose value bytes are already in `fields.bytes`.
    @inline(__always)
    private func appendField(_ node: Int32, _ kind: FieldKind, start: Int, count: Int, into fields: inout EventFields) {
        let field = Field(
            path: node, kind: kind,
            valueStart: Int32(truncatingIfNeeded: start), valueCount: Int32(truncatingIfNeeded: count),
            trailStart: Int32(truncatingIfNeeded: fields.positions.count), trailCount: Int32(truncatingIfNeeded: trail.count))
        if !trail.isEmpty { fields.positions.append(contentsOf: trail) }
        fields.fields.append(field)
    }

    /// Validates the value at `start` (not whitespace) without emitting
    /// anything; returns the index after it. `depth` is the number of
    /// containers already open around it.
    package static func skipValue(_ p: UnsafePointer<UInt8>, _ n: Int, _ start: Int, depth: Int) throws(EventDecodingError) -> Int {
        // One bit per open container (1 = array), enough for `maximumDepth`.
        var kinds: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        return try withUnsafeMutableBytes(of: &kinds) { (raw) throws(EventDecodingError) -> Int in
            let words = raw.baseAddress!.assumingMemoryBound(to: UInt64.self)
            let room = maximumDepth &- depth
            var open = 0
            var i = start
            while true {
                // A value starts at `i`.
                guard i < n else { throw EventDecodingError(offset: n, reason: .unexpectedEnd) }
                switch p[i] {
                case JSONLexer.quote:
                    var escaped = false
                    i = try JSONLexer.scanString(p, n, i &+ 1, escaped: &escaped) &+ 1
                case UInt8(ascii: "{"):
                    guard open < room else {
                        throw EventDecodingError(offset: i, reason: .nestingTooDeep(limit: maximumDepth))
                    }
                    i = JSONLexer.skipWhitespace(p, n, i &+ 1)
                    guard i < n else { throw EventDecodingError(offset: n, reason: .unexpectedEnd) }
                    if p[i] == UInt8(ascii: "}") {
                        i &+= 1
                    } else {
                        words[open &>> 6] &= ~(1 &<< UInt64(open & 63))
                        open &+= 1
                        i = try skipKey(p, n, i, expected: "a key or '}'")
                        continue
                    }
                case UInt8(ascii: "["):
                    guard open < room else {
                        throw EventDecodingError(offset: i, reason: .nestingTooDeep(limit: maximumDepth))
                    }
                    i = JSONLexer.skipWhitespace(p, n, i &+ 1)
                    guard i < n else { throw EventDecodingError(offset: n, reason: .unexpectedEnd) }
                    if p[i] == UInt8(ascii: "]") {
                        i &+= 1
                    } else {
                        words[open &>> 6] |= 1 &<< UInt64(open & 63)
                        open &+= 1
                        continue
                    }
                case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                    i = try JSONLexer.scanNumber(p, n, i)
                case UInt8(ascii: "t"):
                    i = try JSONLexer.scanLiteral(p, n, i, "true")
                case UInt8(ascii: "f"):
                    i = try JSONLexer.scanLiteral(p, n, i, "false")
                case UInt8(ascii: "n"):
                    i = try JSONLexer.scanLiteral(p, n, i, "null")
                default:
                    throw EventDecodingError(offset: i, reason: .unexpectedByte(p[i], expected: "a value"))
                }

                // A value ended at `i`: close containers until one wants another value.
                while true {
                    if open == 0 { return i }
                    i = JSONLexer.skipWhitespace(p, n, i)
                    guard i < n else { throw EventDecodingError(offset: n, reason: .unexpectedEnd) }
                    let c = p[i]
                    let inArray = words[(open &- 1) &>> 6] & (1 &<< UInt64((open &- 1) & 63)) != 0
                    if c == UInt8(ascii: ",") {
                        i = JSONLexer.skipWhitespace(p, n, i &+ 1)
                        guard i < n else { throw EventDecodingError(offset: n, reason: .unexpectedEnd) }
                        if !inArray { i = try skipKey(p, n, i, expected: "a key") }
                        break
                    }
                    if c == (inArray ? UInt8(ascii: "]") : UInt8(ascii: "}")) {
                        i &+= 1
                        open &-= 1
                        continue
                    }
                    throw EventDecodingError(offset: i, reason: .unexpectedByte(c, expected: inArray ? "',' or ']'" : "',' or '}'"))
                }
            }
        }
    }

    /// Validates `"key" :` at `i` and returns the index of the value after it.
    @inline(__always)
    private static func skipKey(_ p: UnsafePointer<UInt8>, _ n: Int, _ i: Int, expected: String) throws(EventDecodingError) -> Int {
        guard p[i] == JSONLexer.quote else { throw EventDecodingError(offset: i, reason: .unexpectedByte(p[i], expected: expected)) }
        var escaped = false
        var j = try JSONLexer.scanString(p, n, i &+ 1, escaped: &escaped)
        j = JSONLexer.skipWhitespace(p, n, j &+ 1)
        guard j < n else { throw EventDecodingError(offset: n, reason: .unexpectedEnd) }
        guard p[j] == UInt8(ascii: ":") else { throw EventDecodingError(offset: j, reason: .unexpectedByte(p[j], expected: "':'")) }
        j = JSONLexer.skipWhitespace(p, n, j &+ 1)
        guard j < n else { throw EventDecodingError(offset: n, reason: .unexpectedEnd) }
        return j
    }
}
