import JSON

extension EventFields {
    /// Flattens a parsed event into the contract a byte scanner yields, so
    /// that tests and tools can feed a `JSONValue` to the compiled matcher and
    /// check a scanner against it.
    ///
    /// The contract:
    /// - Only object members whose key leads to a node of `paths` are
    ///   visited (`paths.child(of:key:)` on the key's UTF-8 bytes), in
    ///   document order (a `JSONValue` holds no duplicate keys).
    /// - A scalar (string, number, `true`, `false`, `null`) at a node with
    ///   `paths.isWanted` is a `Field`, in document order. Objects and arrays
    ///   are never fields themselves; an empty array yields nothing.
    /// - Arrays are transparent: elements (scalars, objects, nested arrays)
    ///   stay at the array's node, and each element's trail gains an
    ///   `ArrayPosition(array:index:)`, outermost array first.
    /// - Array ids count from 0 in the order the arrays' `[` appear in the
    ///   document, over every array value found at a visited node (empty ones
    ///   included; an outer array before the arrays inside it).
    /// - A top-level value that is not an object yields no fields.
    package init(flattening event: JSONValue, paths: FieldPaths) {
        self.init()
        flatten(event, paths: paths)
    }

    /// Replaces the contents with the flattening of `event`, keeping capacity.
    package mutating func flatten(_ event: JSONValue, paths: FieldPaths) {
        removeAll()
        guard let members = event.objectValue else { return }
        var walker = Flattener(paths: paths)
        walker.visit(members: members, node: FieldPaths.root, into: &self)
    }
}

private struct Flattener {
    let paths: FieldPaths
    var nextArray: Int32 = 0
    var trail: [ArrayPosition] = []

    init(paths: FieldPaths) {
        self.paths = paths
    }

    mutating func visit(members: [JSONValue.Member], node: Int32, into fields: inout EventFields) {
        guard paths.hasChildren(node) else { return }
        for member in members {
            guard let child = paths.child(of: node, key: Array(member.key.utf8)) else { continue }
            visit(member.value, node: child, into: &fields)
        }
    }

    mutating func visit(_ value: JSONValue, node: Int32, into fields: inout EventFields) {
        switch value.content {
        case .object(let members):
            visit(members: members, node: node, into: &fields)
        case .array(let elements):
            let id = nextArray
            nextArray += 1
            for (index, element) in elements.enumerated() {
                trail.append(ArrayPosition(array: id, index: Int32(index)))
                visit(element, node: node, into: &fields)
                trail.removeLast()
            }
        case .string(let s):
            if paths.isWanted(node) { fields.append(path: node, kind: .string, value: s.utf8, trail: trail) }
        case .number(let n):
            if paths.isWanted(node) { fields.append(path: node, kind: .number, value: n.utf8, trail: trail) }
        case .bool(let b):
            if paths.isWanted(node) {
                fields.append(path: node, kind: b ? .true : .false, value: EmptyCollection<UInt8>(), trail: trail)
            }
        case .null:
            if paths.isWanted(node) { fields.append(path: node, kind: .null, value: EmptyCollection<UInt8>(), trail: trail) }
        }
    }
}
