import Foundation
import RulebridgeTestSupport

/// Runs another program (kcat, the built `rulebridge`) the way a user would, from a
/// thread of the test's own (see `onDedicatedThread`).
enum ExternalProcess {
    static var rulebridge: URL { TestPaths.rulebridge }
    static var kcat: URL { TestPaths.kcat }

    /// Runs to completion (killed after `timeout`), feeding `stdin`.
    static func run(_ executable: URL, _ arguments: [String], stdin: String = "", timeout: Duration = .seconds(20)) throws -> ProgramResult {
        try ChildProcess.runBlocking(executable, arguments, stdin: stdin, timeout: timeout)
    }
}
