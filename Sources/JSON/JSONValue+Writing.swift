import CJansson

extension JSONValue {
    /// Compact JSON: no whitespace, members in order, numbers as their
    /// literals, strings by `JSONStringEscaping`. Equal values give equal
    /// bytes, and `parse(v.jsonBytes) == v`.
    package var jsonBytes: [UInt8] {
        var out: [UInt8] = []
        write(to: &out)
        return out
    }

    /// `jsonBytes` as a String.
    package var jsonText: String { String(decoding: jsonBytes, as: UTF8.self) }

    /// Appends `jsonBytes` to `out`.
    package func write(to out: inout [UInt8]) {
        switch representation {
        case .node(let storage): Self.write(storage.node, to: &out)
        case .string(let text): JSONStringEscaping.appendQuoted(text, to: &out)
        case .number(let literal): out.append(contentsOf: literal.utf8)
        }
    }

    private static func write(_ node: UnsafeMutablePointer<json_t>, to out: inout [UInt8]) {
        switch node.pointee.type {
        case JSON_OBJECT:
            out.append(UInt8(ascii: "{"))
            var first = true
            forEachMember(of: node) { key, value in
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                JSONStringEscaping.appendQuoted(key, to: &out)
                out.append(UInt8(ascii: ":"))
                write(value, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        case JSON_ARRAY:
            out.append(UInt8(ascii: "["))
            for index in 0..<json_array_size(node) {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                write(json_array_get(node, index)!, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case JSON_STRING:
            let bytes = stringBytes(node)!
            if bytes.first == numberTag {
                out.append(contentsOf: bytes.dropFirst())
            } else {
                JSONStringEscaping.appendQuoted(bytes, to: &out)
            }
        case JSON_TRUE: out.append(contentsOf: "true".utf8)
        case JSON_FALSE: out.append(contentsOf: "false".utf8)
        case JSON_NULL: out.append(contentsOf: "null".utf8)
        default: out.append(contentsOf: JSONValue(borrowing: node).numberLiteral!.utf8)
        }
    }
}
