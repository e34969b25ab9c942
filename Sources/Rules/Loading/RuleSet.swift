import EventPatterns
import Foundation
import Yams

/// All rules, tables and breakers of a rules directory, validated together.
package struct RuleSet: Sendable {
    package var rules: [Rule]
    package var tables: [String: TableSpec]
    package var breakers: [String: BreakerSpec]

    package static let builtinVars: Set<String> = ["rule", "event"]

    /// Loads every `*.yaml`, `*.yml` and `*.json` under `directory` (recursively,
    /// `tests/` directories excluded), in path order. Throws every error found.
    package static func load(directory: String) throws(RuleErrors) -> RuleSet {
        let files: [(String, String)]
        do {
            files = try ruleFiles(in: directory).map { ($0, try String(contentsOfFile: $0, encoding: .utf8)) }
        } catch {
            throw RuleErrors([RuleError(SourceLocation(file: directory, line: 1, column: 1), "cannot read rules: \(error)")])
        }
        if files.isEmpty {
            throw RuleErrors([RuleError(SourceLocation(file: directory, line: 1, column: 1), "no rule files (*.yaml, *.yml, *.json)")])
        }
        return try parse(files: files)
    }

    package static func ruleFiles(in directory: String) throws -> [String] {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: directory, isDirectory: &isDir), isDir.boolValue else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: directory])
        }
        let base = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        var out: [String] = []
        for case let relative as String in fm.enumerator(atPath: base) ?? NSArray().objectEnumerator() {
            let parts = relative.split(separator: "/")
            if parts.dropLast().contains(where: { $0 == "tests" || $0.hasPrefix(".") }) { continue }
            guard let ext = relative.split(separator: ".").last.map(String.init)?.lowercased(),
                  ["yaml", "yml", "json"].contains(ext), parts.count >= 1 else { continue }
            out.append(base + "/" + relative)
        }
        return out.sorted()
    }

    /// Parses and validates files given as (path, text), in the order given.
    package static func parse(files: [(path: String, text: String)]) throws(RuleErrors) -> RuleSet {
        var loader = RuleSetLoader()
        for (path, text) in files { loader.read(file: path, text: text) }
        return try loader.finish()
    }
}
