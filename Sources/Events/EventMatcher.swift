import EventPatterns

/// The one way from an input record's bytes to the patterns it matches, for
/// every driver (the rule engine, `test-event-pattern`, `bench match`): scan
/// the fields the patterns and the envelope name, check the envelope, then
/// match. A record that fails a check is rejected with its dead-letter reason.
///
/// Reuses its buffers, so after warm-up reading and matching allocate
/// nothing; give each thread its own.
package struct EventMatcher {
    package let patterns: PatternMatcher
    package private(set) var scanner: EventScanner
    /// The fields of the record read last; valid until the next read.
    package private(set) var fields = EventFields()
    private var matched: [Int] = []
    private var scratch = PatternMatcher.Scratch()

    /// `paths` may name fields to scan beyond the patterns' (a superset of
    /// `patterns.paths`, which `FieldPaths.insert` keeps with their ids).
    package init(_ patterns: PatternMatcher, paths: FieldPaths? = nil) {
        self.patterns = patterns
        scanner = EventScanner(paths: paths ?? patterns.paths)
    }

    /// Reads a record: its fields, and its envelope once checked.
    package mutating func read(_ record: [UInt8]) throws(EventRejection) -> EventEnvelope {
        do {
            try scanner.scan(record, into: &fields)
        } catch {
            throw .invalidJSON(error)
        }
        do {
            return try EventEnvelope(fields: fields, paths: scanner.envelope)
        } catch {
            throw .invalidEnvelope(error)
        }
    }

    /// Reads a record and checks its envelope without building its strings
    /// (what a consumer needs for every record); returns the event time.
    package mutating func check(_ record: UnsafeRawBufferPointer) throws(EventRejection) -> Int64 {
        do {
            try scanner.scan(record, into: &fields)
        } catch {
            throw .invalidJSON(error)
        }
        do {
            return try EventEnvelope.validate(fields, paths: scanner.envelope)
        } catch {
            throw .invalidEnvelope(error)
        }
    }

    /// The indices of the patterns the record read last matches, ascending.
    package mutating func match() -> [Int] {
        matched.removeAll(keepingCapacity: true)
        patterns.match(fields, into: &matched, scratch: &scratch)
        return matched
    }
}
