import Foundation

/// Where the test suites find the package and the programs they run as a user
/// would: the `rulebridge` built beside the test bundle, and kcat.
package enum TestPaths {
    /// The package root (this file is Tests/Support/TestPaths.swift).
    package static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    package static let rulebridge: URL = {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("rulebridge")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return packageRoot.appendingPathComponent(".build/debug/rulebridge")
    }()

    package static let kcat: URL = {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        for dir in path + ["/usr/bin", "/usr/local/bin"] {
            let candidate = URL(fileURLWithPath: dir).appendingPathComponent("kcat")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return URL(fileURLWithPath: "/usr/bin/kcat")
    }()
}
