import EventPatterns

/// Which path nodes an event's keys led to in one scan (`EventScanner.reachedNodes`),
/// so that a reader can tell "nothing at this path" from "an object or array
/// at this path" without parsing the whole document.
package struct ReachedNodes: Sendable {
    let stamps: [UInt32]
    let scan: UInt32

    package func contains(_ node: Int32) -> Bool {
        node == FieldPaths.root || stamps[Int(node)] == scan
    }
}
