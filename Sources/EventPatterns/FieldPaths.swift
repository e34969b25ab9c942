/// The tree of object keys that some pattern (or the envelope) names.
///
/// Every node is a path from the event's top-level object; its id is what
/// `Field.path` carries. A reader walks this tree while it scans an event and
/// skips every value whose key leads nowhere, which is what lets the hot path
/// ignore most of a document.
package struct FieldPaths: Sendable {
    /// The node for the event's top-level object.
    package static let root: Int32 = 0

    private var children = ByteKeyTable(capacity: 64)
    private var segmentsByNode: [[String]] = [[]]
    private var wanted: [Bool] = [false]
    private var hasChildren: [Bool] = [false]

    package init() {}

    /// Number of nodes, root included; path ids are below this.
    package var count: Int { segmentsByNode.count }

    /// Adds `segments` as a wanted leaf path and returns its id. Ids of paths
    /// already present never change, so a copy extended by one reader stays
    /// compatible with the matcher it came from.
    @discardableResult
    package mutating func insert(_ segments: [String]) -> Int32 {
        var node = Self.root
        for (depth, segment) in segments.enumerated() {
            let key = Array(segment.utf8)
            if let next = children.value(for: key, seed: UInt64(node)) {
                node = next
            } else {
                let next = Int32(segmentsByNode.count)
                children.set(next, for: key, seed: UInt64(node))
                segmentsByNode.append(Array(segments[...depth]))
                wanted.append(false)
                hasChildren.append(false)
                hasChildren[Int(node)] = true
                node = next
            }
        }
        wanted[Int(node)] = true
        return node
    }

    /// The id of `segments` if it was inserted (as a leaf or as a prefix of one).
    package func id(of segments: [String]) -> Int32? {
        var node = Self.root
        for segment in segments {
            guard let next = child(of: node, key: Array(segment.utf8)) else { return nil }
            node = next
        }
        return node
    }

    /// The node under `node` for object key `key`, or nil when nothing below it is named.
    @inline(__always)
    package func child(of node: Int32, key: UnsafeBufferPointer<UInt8>) -> Int32? {
        guard hasChildren[Int(node)] else { return nil }
        return children.value(for: key, seed: UInt64(node))
    }

    package func child(of node: Int32, key: [UInt8]) -> Int32? {
        key.withUnsafeBufferPointer { child(of: node, key: $0) }
    }

    /// Whether a scalar found at `node` is a field some pattern reads.
    @inline(__always)
    package func isWanted(_ node: Int32) -> Bool { wanted[Int(node)] }

    /// Whether any key below `node` is named.
    @inline(__always)
    package func hasChildren(_ node: Int32) -> Bool { hasChildren[Int(node)] }

    /// The keys from the top-level object down to `node`.
    package func segments(of node: Int32) -> [String] { segmentsByNode[Int(node)] }
}
