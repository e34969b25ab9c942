/// The JSON type of a scalar field.
package enum FieldKind: UInt8, Sendable {
    case string, number, `true`, `false`, null
}

/// One enclosing array of a field: which array (numbered in document order
/// within one event) and which element of it.
package struct ArrayPosition: Hashable, Sendable {
    package var array: Int32
    package var index: Int32
    package init(array: Int32, index: Int32) {
        self.array = array
        self.index = index
    }
}

/// One scalar of an event at a named path.
///
/// `value` indexes `EventFields.bytes`: a string's decoded UTF-8 content
/// (no quotes, escapes resolved), a number's literal text as written, and
/// nothing for `true`, `false` and `null`. `trail` indexes
/// `EventFields.positions`: the arrays around the field, outermost first.
package struct Field: Sendable {
    package var path: Int32
    package var kind: FieldKind
    package var valueStart: Int32
    package var valueCount: Int32
    package var trailStart: Int32
    package var trailCount: Int32

    package init(path: Int32, kind: FieldKind, valueStart: Int32, valueCount: Int32, trailStart: Int32, trailCount: Int32) {
        self.path = path
        self.kind = kind
        self.valueStart = valueStart
        self.valueCount = valueCount
        self.trailStart = trailStart
        self.trailCount = trailCount
    }
}

/// The flattened event the matcher reads: the scalars at named paths, in
/// document order, with their array trails. Buffers are reused across events
/// (`removeAll()` keeps capacity) so a reader allocates nothing per event in
/// the steady state.
package struct EventFields: Sendable {
    package var fields: [Field] = []
    package var bytes: [UInt8] = []
    package var positions: [ArrayPosition] = []

    package init() {}

    package mutating func removeAll() {
        fields.removeAll(keepingCapacity: true)
        bytes.removeAll(keepingCapacity: true)
        positions.removeAll(keepingCapacity: true)
    }

    /// Appends a field whose value bytes and trail are given.
    package mutating func append<V: Collection<UInt8>, T: Collection<ArrayPosition>>(
        path: Int32, kind: FieldKind, value: V, trail: T
    ) {
        let field = Field(
            path: path, kind: kind,
            valueStart: Int32(bytes.count), valueCount: Int32(value.count),
            trailStart: Int32(positions.count), trailCount: Int32(trail.count))
        bytes.append(contentsOf: value)
        positions.append(contentsOf: trail)
        fields.append(field)
    }

    /// The value bytes of `field`.
    package func value(of field: Field) -> ArraySlice<UInt8> {
        bytes[Int(field.valueStart)..<Int(field.valueStart + field.valueCount)]
    }

    /// The value of `field` as a string (for messages and tools, not the hot path).
    package func string(of field: Field) -> String {
        String(decoding: value(of: field), as: UTF8.self)
    }

    /// The arrays around `field`, outermost first.
    package func trail(of field: Field) -> ArraySlice<ArrayPosition> {
        positions[Int(field.trailStart)..<Int(field.trailStart + field.trailCount)]
    }
}
