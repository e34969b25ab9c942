/// A mapping of a rule file, read key by key; `finish` reports keys nobody asked for.
struct RuleMapping {
    struct Entry {
        var key: String
        var keyNode: RuleNode
        var value: RuleNode
    }

    let entries: [Entry]
    let owner: RuleNode

    subscript(_ key: String) -> RuleNode? { entries.first { $0.key == key }?.value }

    func required(_ key: String, in what: String) throws(RuleError) -> RuleNode {
        guard let v = self[key] else { throw owner.error("\(what) needs '\(key)'") }
        return v
    }

    /// Unknown keys are errors: a misspelt `cooldown` must not silently page.
    func checkKeys(_ allowed: [String], in what: String) throws(RuleError) {
        for e in entries where !allowed.contains(e.key) {
            throw e.keyNode.error("unknown key '\(e.key)' in \(what) (expected one of: \(allowed.joined(separator: ", ")))")
        }
    }
}
