import EventPatterns
import Yams

/// Reads rule files in two passes: first every file's tables, breakers and
/// rule nodes, then the rules, so a rule may use a table defined in another file.
struct RuleSetLoader {
    private var errors: [RuleError] = []
    private var tables: [String: TableSpec] = [:]
    private var breakers: [String: BreakerSpec] = [:]
    private var ruleNodes: [RuleNode] = []

    mutating func read(file: String, text: String) {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let e as YamlError {
            errors.append(Self.yamlError(e, file: file))
            return
        } catch {
            errors.append(RuleError(SourceLocation(file: file, line: 1, column: 1), "\(error)"))
            return
        }
        guard let root else { return }  // an empty file holds no rules
        let top = RuleNode(node: root, file: file)
        do throws(RuleError) {
            let m = try top.mapping("a rule file")
            try m.checkKeys(["tables", "breakers", "rules"], in: "a rule file")
            if let t = m["tables"] { readTables(t) }
            if let b = m["breakers"] { readBreakers(b) }
            if let r = m["rules"] { ruleNodes += try r.sequence("'rules'") }
        } catch {
            errors.append(error)
        }
    }

    private mutating func readTables(_ node: RuleNode) {
        do throws(RuleError) {
            for e in try node.mapping("'tables'").entries {
                do throws(RuleError) {
                    let spec = try e.value.mapping("table '\(e.key)'")
                    try spec.checkKeys(["ttl", "description"], in: "table '\(e.key)'")
                    let ttl = try spec.required("ttl", in: "table '\(e.key)'").duration("ttl")
                    if let earlier = tables[e.key] {
                        throw e.keyNode.error("table '\(e.key)' is already defined at \(earlier.location)")
                    }
                    tables[e.key] = TableSpec(name: e.key, ttl: ttl, location: e.keyNode.location)
                } catch { errors.append(error) }
            }
        } catch { errors.append(error) }
    }

    private mutating func readBreakers(_ node: RuleNode) {
        do throws(RuleError) {
            for e in try node.mapping("'breakers'").entries {
                do throws(RuleError) {
                    let what = "breaker '\(e.key)'"
                    let spec = try e.value.mapping(what)
                    try spec.checkKeys(["open-for", "quiet-for", "description"], in: what)
                    let openFor = try spec.required("open-for", in: what).duration("open-for")
                    let quietFor = try spec.required("quiet-for", in: what).duration("quiet-for")
                    if let earlier = breakers[e.key] {
                        throw e.keyNode.error("breaker '\(e.key)' is already defined at \(earlier.location)")
                    }
                    breakers[e.key] = BreakerSpec(name: e.key, openFor: openFor, quietFor: quietFor, location: e.keyNode.location)
                } catch { errors.append(error) }
            }
        } catch { errors.append(error) }
    }

    consuming func finish() throws(RuleErrors) -> RuleSet {
        var rules: [Rule] = []
        var seen: [String: SourceLocation] = [:]
        for node in ruleNodes {
            do throws(RuleError) {
                let rule = try readRule(node)
                if let first = seen[rule.name] {
                    throw node.error("duplicate rule name '\(rule.name)' (first defined at \(first))")
                }
                seen[rule.name] = rule.location
                rules.append(rule)
            } catch {
                errors.append(error)
            }
        }
        if !errors.isEmpty { throw RuleErrors(errors) }
        return RuleSet(rules: rules, tables: tables, breakers: breakers)
    }

    private func readRule(_ node: RuleNode) throws(RuleError) -> Rule {
        let m = try node.mapping("a rule")
        try m.checkKeys(["name", "description", "pattern", "vars", "require", "when", "actions"], in: "a rule")
        let nameNode = try m.required("name", in: "a rule")
        let name = try nameNode.string("name")
        guard !name.isEmpty, name.allSatisfy({ ($0.isLetter && $0.isLowercase) || $0.isNumber || $0 == "-" }), name.allSatisfy(\.isASCII) else {
            throw nameNode.error("rule name '\(name)' must be lowercase letters, digits and '-'")
        }
        let description = try m["description"]?.string("description") ?? ""
        let patternNode = try m.required("pattern", in: "rule '\(name)'")
        let pattern: EventPattern
        do {
            pattern = try EventPattern(try patternNode.json())
        } catch let e as PatternError {
            throw patternNode.descend(e.path).error("pattern: \(e)")
        } catch let e as RuleError {
            throw e
        } catch {
            throw patternNode.error("pattern: \(error)")
        }

        var scope = TemplateScope(known: RuleSet.builtinVars, tables: tables)
        var varNames: [String] = []
        var vars: [VarDefinition] = []
        if let varsNode = m["vars"] {
            for e in try varsNode.mapping("'vars'").entries {
                guard Template.parseReference(e.key).map({ if case .variable(_, let f) = $0 { f.isEmpty } else { false } }) == true else {
                    throw e.keyNode.error("var name '\(e.key)' must be letters, digits, '-' or '_'")
                }
                if RuleSet.builtinVars.contains(e.key) { throw e.keyNode.error("'\(e.key)' is a built-in var") }
                vars.append(try scope.varDefinition(e.value))
                varNames.append(e.key)
                scope.known.insert(e.key)
            }
        }
        var require: [String] = []
        if let r = m["require"] {
            for item in try r.sequence("'require'") {
                let v = try item.string("a required var")
                guard varNames.contains(v) else { throw item.error("'require' names '\(v)', which is not a var of this rule") }
                require.append(v)
            }
        }
        let when = try m["when"].map { n throws(RuleError) in try scope.windowCondition(n) }
        let actionsNode = try m.required("actions", in: "rule '\(name)'")
        let actionNodes = try actionsNode.sequence("'actions'")
        guard !actionNodes.isEmpty else { throw actionsNode.error("a rule needs at least one action") }
        var actions: [ActionSpec] = []
        for (position, a) in actionNodes.enumerated() {
            actions.append(try ActionSpec.load(a, position: position, scope: scope, breakers: breakers))
        }
        return Rule(
            name: name, description: description, pattern: pattern, varNames: varNames, vars: vars,
            require: require, when: when, actions: actions, location: nameNode.location)
    }

    private static func yamlError(_ e: YamlError, file: String) -> RuleError {
        switch e {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return RuleError(SourceLocation(file: file, line: mark.line, column: mark.column), "YAML: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return RuleError(SourceLocation(file: file, line: context.mark.line, column: context.mark.column),
                             "duplicate key '\(duplicates.joined(separator: "', '"))'")
        default:
            return RuleError(SourceLocation(file: file, line: 1, column: 1), "YAML: \(e)")
        }
    }
}
