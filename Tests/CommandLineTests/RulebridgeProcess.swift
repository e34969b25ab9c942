import Foundation
import RulebridgeTestSupport

/// Runs the built `rulebridge` binary the way a user or a CI job does, from the package root.
enum RulebridgeProcess {
    static func run(_ arguments: [String], stdin: String? = nil) async throws -> ProgramResult {
        try await ChildProcess.run(TestPaths.rulebridge, arguments, stdin: stdin)
    }
}
