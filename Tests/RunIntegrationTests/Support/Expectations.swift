import Foundation
import RulebridgeTestSupport
import Testing

/// Reads the output topics until `done` holds for what they contain; fails at once
/// if one of the `running` engines exits.
func outputs(
    _ h: Harness, broker: String, topics: Topics, _ what: String, running: [EngineProcess] = [], timeout: Duration = .seconds(90),
    until done: @escaping ([Record]) -> Bool
) async throws -> [Record] {
    try await eventually(what, timeout: timeout, every: .milliseconds(300), context: { h.logs() }) { () -> [Record]? in
        if let dead = running.first(where: { !$0.child.isRunning }) {
            throw FatalHarnessError("engine \(dead.instanceID) exited while waiting for \(what)\n\(h.logs())")
        }
        let records = try await Kcat.outputs(h, broker: broker, topics: topics)
        return done(records) ? records : nil
    }
}

/// Reads the output topics until every id of `expected` is there, and at least as
/// many dead letters as `expected` has.
func outputs(
    _ h: Harness, broker: String, topics: Topics, containing expected: [Record], running: [EngineProcess] = [], timeout: Duration = .seconds(90)
) async throws -> [Record] {
    let ids = Set(expected.compactMap(\.id))
    let deadLetters = expected.on("dead-letter").count
    return try await outputs(h, broker: broker, topics: topics, "\(ids.count) expected ids and \(deadLetters) dead letters", running: running, timeout: timeout) { records in
        ids.isSubset(of: Set(records.compactMap(\.id))) && records.on("dead-letter").count >= deadLetters
    }
}
