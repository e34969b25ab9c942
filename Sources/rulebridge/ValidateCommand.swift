import ArgumentParser
import Rules
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Checks rule files before they ship: every error as `file:line:col: message`.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check every rule file; print errors as file:line:col: message; exit 1 on any error."
    )

    @Option(help: "Directory of rule files.")
    var rules = "rules"

    func run() throws {
        let engine = try loadEngine(rules)
        let files = (try? RuleSet.ruleFiles(in: rules).count) ?? 0
        print("\(rules): \(engine.ruleSet.rules.count) rules in \(files) files, no errors")
    }
}
