import Dispatch
import Foundation
import Rules

/// The running rule set and its replacement: on request (SIGHUP), or when the
/// files under the rules directory change (looked at every 2 s). A new set
/// must load and compile before it replaces the running one.
struct RuleReloader {
    let directory: String
    private(set) var ruleSet: RuleSet
    private var fingerprint: String
    private var lastCheck = DispatchTime.now()

    init(directory: String, ruleSet: RuleSet) {
        self.directory = directory
        self.ruleSet = ruleSet
        fingerprint = Self.fingerprint(directory)
    }

    /// True when the files changed since the last load (at most every 2 s).
    mutating func filesChanged() -> Bool {
        let now = DispatchTime.now()
        guard now.uptimeNanoseconds - lastCheck.uptimeNanoseconds > 2_000_000_000 else { return false }
        lastCheck = now
        return Self.fingerprint(directory) != fingerprint
    }

    /// Loads and compiles the directory; on success it becomes the running set.
    /// The files are not looked at again until they change, whatever the outcome.
    mutating func reload() throws -> RuleSet {
        fingerprint = Self.fingerprint(directory)
        let next = try RuleSet.load(directory: directory)
        _ = try RuleEngine(ruleSet: next)
        ruleSet = next
        return next
    }

    /// Paths, modification times and sizes of the rule files.
    private static func fingerprint(_ directory: String) -> String {
        let files = (try? RuleSet.ruleFiles(in: directory)) ?? []
        return files.map { path in
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            return "\(path):\(modified):\(attributes?[.size] ?? 0)"
        }.joined(separator: "\n")
    }
}
