/// A table of facts learned from events, with a time-to-live.
package struct TableSpec: Hashable, Sendable {
    package var name: String
    package var ttl: Int64
    package var location: SourceLocation
}
