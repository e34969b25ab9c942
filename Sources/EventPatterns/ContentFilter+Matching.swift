import JSON

/// The meaning of one filter on one scalar value: the single definition that
/// the reference evaluator and the compiled matcher share.
///
/// Type rules (event-ruler's, where EventBridge's documentation is silent):
/// - Exact values match only their own JSON type: `"5"` never matches `5`,
///   `"true"` never matches `true`. Numbers compare by value (`ComparableNumber`).
/// - `prefix`, `suffix`, `equals-ignore-case`, `wildcard` and `cidr` match
///   only strings; `numeric` matches only comparable numbers.
/// - `anything-but` matches every value it does not exclude, whatever its
///   type: a list of strings (or a `prefix`/`suffix`/`equals-ignore-case`/
///   `wildcard` form) excludes only strings, so it matches numbers, booleans
///   and `null`; a list of numbers excludes only equal numbers, so it matches
///   strings, booleans and `null`.
/// - `exists: true` matches any present scalar, `null` included;
///   `exists: false` never matches a present value (absence is decided by the
///   caller, who knows whether the path has any scalar at all).
extension ContentFilter {
    package func matches(_ kind: FieldKind, _ value: UnsafeBufferPointer<UInt8>) -> Bool {
        switch self {
        case .string(let s):
            return kind == .string && Self.bytes(value, equal: s)
        case .number(let n):
            guard kind == .number, let v = ComparableNumber(jsonLiteral: value) else { return false }
            return v == n
        case .boolean(let b):
            return kind == (b ? .true : .false)
        case .null:
            return kind == .null
        case .prefix(let p, let ignoringCase):
            guard kind == .string else { return false }
            return ignoringCase ? CaseFolding.hasPrefix(value, p) : Self.bytes(value, hasPrefix: p)
        case .suffix(let p, let ignoringCase):
            guard kind == .string else { return false }
            return ignoringCase ? CaseFolding.hasSuffix(value, p) : Self.bytes(value, hasSuffix: p)
        case .equalsIgnoreCase(let s):
            return kind == .string && CaseFolding.equal(value, s)
        case .wildcard(let w):
            return kind == .string && w.matches(value)
        case .anythingBut(let a):
            return !a.excludes(kind, value)
        case .numeric(let range):
            guard kind == .number, let v = ComparableNumber(jsonLiteral: value) else { return false }
            return range.contains(v)
        case .exists(let present):
            return present
        case .cidr(let block):
            return kind == .string && block.contains(value)
        }
    }

    /// Convenience for tests and tools.
    package func matches(_ kind: FieldKind, _ value: [UInt8]) -> Bool {
        value.withUnsafeBufferPointer { matches(kind, $0) }
    }

    /// Matches a scalar `JSONValue`; false for arrays and objects.
    package func matches(_ value: JSONValue) -> Bool {
        switch value.content {
        case .null: return matches(.null, [])
        case .bool(let b): return matches(b ? .true : .false, [])
        case .number(let n): return matches(.number, Array(n.utf8))
        case .string(let s): return matches(.string, Array(s.utf8))
        case .array, .object: return false
        }
    }

    @inline(__always)
    static func bytes(_ value: UnsafeBufferPointer<UInt8>, equal s: String) -> Bool {
        var s = s
        return s.withUTF8 { p in p.count == value.count && (p.isEmpty || memcmpEqual(value.baseAddress!, p.baseAddress!, p.count)) }
    }

    @inline(__always)
    static func bytes(_ value: UnsafeBufferPointer<UInt8>, hasPrefix s: String) -> Bool {
        var s = s
        return s.withUTF8 { p in p.count <= value.count && (p.isEmpty || memcmpEqual(value.baseAddress!, p.baseAddress!, p.count)) }
    }

    @inline(__always)
    static func bytes(_ value: UnsafeBufferPointer<UInt8>, hasSuffix s: String) -> Bool {
        var s = s
        return s.withUTF8 { p in
            p.count <= value.count
                && (p.isEmpty || memcmpEqual(value.baseAddress! + (value.count - p.count), p.baseAddress!, p.count))
        }
    }

    @inline(__always)
    static func memcmpEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        var i = 0
        while i < n {
            if a[i] != b[i] { return false }
            i += 1
        }
        return true
    }
}

extension AnythingBut {
    /// Whether this `anything-but` excludes the value (the filter then fails).
    package func excludes(_ kind: FieldKind, _ value: UnsafeBufferPointer<UInt8>) -> Bool {
        switch self {
        case .strings(let list):
            guard kind == .string else { return false }
            return list.contains { ContentFilter.bytes(value, equal: $0) }
        case .numbers(let list):
            guard kind == .number, let v = ComparableNumber(jsonLiteral: value), v.isComparable else { return false }
            return list.contains(v)
        case .prefixes(let list):
            guard kind == .string else { return false }
            return list.contains { ContentFilter.bytes(value, hasPrefix: $0) }
        case .suffixes(let list):
            guard kind == .string else { return false }
            return list.contains { ContentFilter.bytes(value, hasSuffix: $0) }
        case .equalsIgnoreCase(let list):
            guard kind == .string else { return false }
            return list.contains { CaseFolding.equal(value, $0) }
        case .wildcards(let list):
            guard kind == .string else { return false }
            return list.contains { $0.matches(value) }
        }
    }
}
