import ArgumentParser
import Rules
import StreamProcessing
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Rule unit tests, like `promtool test rules`: run before rules ship.
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run rule unit tests: given rules and input events, expect these output records.",
        discussion: "The file format is described in rules/README.md (\"Testing rules\"). Exits 1 on any failure."
    )

    @Argument(help: "Test files (YAML).")
    var files: [String]

    func run() throws {
        var passed = 0, failed = 0
        for path in files {
            let file: RuleTestFile
            let outcomes: [RuleTestRunner.Outcome]
            do {
                file = try RuleTestFile.load(path)
                outcomes = try RuleTestRunner().run(file)
            } catch {
                for e in error.errors { writeStandardError("\(e)\n") }
                failed += 1
                continue
            }
            for o in outcomes {
                if o.failures.isEmpty {
                    passed += 1
                    print("ok    \(o.file): \(o.name)")
                } else {
                    failed += 1
                    print("FAIL  \(o.file): \(o.name)")
                    for f in o.failures { print("      \(f)") }
                }
            }
        }
        print("rules: \(passed) passed, \(failed) failed")
        if failed > 0 { throw ExitCode(1) }
    }
}
