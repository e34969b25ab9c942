import RulebridgeTestSupport
import Foundation

/// Runs another program (kcat, the built `rulebridge`) the way a user would.
struct ExternalProcess {
    struct Result: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var rulebridge: URL { TestPaths.rulebridge }
    static var kcat: URL { TestPaths.kcat }

    /// Runs to completion (killed after `timeout`), feeding `stdin`.
    static func run(_ executable: URL, _ arguments: [String], stdin: String = "", timeout: Duration = .seconds(20)) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        // stderr goes to a file, so reading stdout to the end cannot deadlock on a full
        // stderr pipe.
        let errURL = FileManager.default.temporaryDirectory.appendingPathComponent("kafkaio-\(UUID().uuidString).stderr")
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errURL) }
        let errFile = try FileHandle(forWritingTo: errURL)
        defer { try? errFile.close() }
        let out = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = errFile
        process.standardInput = input
        try process.run()
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(Int(timeout.components.seconds * 1000)), execute: watchdog)
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try input.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: o, as: UTF8.self),
            stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        )
    }
}
