/// A circuit breaker's timings.
package struct BreakerSpec: Hashable, Sendable {
    package var name: String
    package var openFor: Int64
    package var quietFor: Int64
    package var location: SourceLocation
}
