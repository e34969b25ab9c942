import Foundation
import KafkaIO
import Logging
import Yams

/// What `rulebridge run` needs: each setting's default (declared in
/// ``RunSettings``), then the configuration file, then command-line flags.
package struct RunConfiguration: Equatable, Sendable {
    package enum Guarantee: String, CaseIterable, Sendable {
        case exactlyOnce = "exactly-once"
        case atLeastOnce = "at-least-once"
    }

    package enum LogFormat: String, CaseIterable, Sendable {
        case text, json
    }

    package var brokers: String = RunSettings.brokers.defaultValue
    package var rules: String = RunSettings.rules.defaultValue
    package var group: String = RunSettings.group.defaultValue
    package var instanceID: String = RunSettings.instanceID.defaultValue
    package var inputTopics: [String] = RunSettings.inputTopics.defaultValue
    package var outputTopic: String = RunSettings.outputTopic.defaultValue
    package var notificationTopic: String = RunSettings.notificationTopic.defaultValue
    package var deadLetterTopic: String = RunSettings.deadLetterTopic.defaultValue
    package var changelogTopic: String = RunSettings.changelogTopic.defaultValue
    package var guarantee: Guarantee = RunSettings.guarantee.defaultValue
    /// Milliseconds.
    package var commitInterval: Int64 = RunSettings.commitInterval.defaultValue
    /// Milliseconds; nil: off.
    package var idleAdvance: Int64? = RunSettings.idleAdvance.defaultValue
    package var httpListen: ListenAddress = RunSettings.httpListen.defaultValue
    package var logLevel: Logger.Level = RunSettings.logLevel.defaultValue
    package var logFormat: LogFormat = RunSettings.logFormat.defaultValue
    /// librdkafka properties, passed to every client as they are.
    package var kafka: [String: String] = RunSettings.kafka.defaultValue

    package init() {}

    /// The defaults with a configuration file over them; an error names the
    /// file, line, column and key.
    package static func load(_ path: String) throws -> RunConfiguration {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var c = RunConfiguration()
        guard let root = try Yams.compose(yaml: text) else { return c }
        guard let mapping = root.mapping else { throw ConfigError("\(path): the top level must be a mapping") }
        try c.apply(mapping, section: "", file: path)
        return c
    }

    private mutating func apply(_ mapping: Node.Mapping, section: String, file: String) throws {
        func fail(_ key: String, _ why: String, _ node: Node) -> ConfigError {
            ConfigError("\(file):\(node.mark?.line ?? 1):\(node.mark?.column ?? 1): \(key): \(why)")
        }
        // Keys of this section: settings, and the sections below it (`http`, `log`).
        let known = RunSettings.all.compactMap { s in
            s.key.hasPrefix(section) ? s.key.dropFirst(section.count).split(separator: ".").first.map(String.init) : nil
        }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        for (k, v) in mapping {
            guard let name = k.string else { throw fail(section + "?", "keys must be strings", k) }
            let key = section + name
            guard known.contains(name) else { throw fail(key, "unknown key (known: \(known.joined(separator: ", ")))", k) }
            guard let setting = RunSettings.all.first(where: { $0.key == key }) else {
                guard let inner = v.mapping else { throw fail(key, "must be a mapping", v) }
                try apply(inner, section: key + ".", file: file)
                continue
            }
            let input: SettingInput
            switch setting.shape {
            case .text:
                guard let text = v.scalar?.string else { throw fail(key, "must be a single value", v) }
                input = .text(text)
            case .list:
                guard let items = v.sequence?.map(\.scalar?.string), let names = items as? [String] else {
                    throw fail(key, "must be a list of names", v)
                }
                input = .list(names)
            case .map:
                guard let pairs = v.mapping?.map({ ($0.key.string, $0.value.scalar?.string) }),
                      let named = pairs as? [(String, String)] else { throw fail(key, "must be a mapping of name: value", v) }
                input = .map(named.map { (name: $0.0, value: $0.1) })
            }
            do {
                try setting.apply(input, to: &self)
            } catch {
                throw fail(key, error.description, v)
            }
        }
    }

    /// Command-line settings (`--flag value` or `--flag=value`) over the file's:
    /// a repeated flag gives a list its items and a map more pairs; otherwise the last one counts.
    package mutating func apply(flags arguments: [String]) throws {
        var given: [String: [String]] = [:]
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            guard argument.hasPrefix("--") else { throw ConfigError("unexpected argument '\(argument)'") }
            var flag = String(argument.dropFirst(2))
            var value: String?
            if let equals = flag.firstIndex(of: "=") {
                value = String(flag[flag.index(after: equals)...])
                flag = String(flag[..<equals])
            }
            guard let setting = RunSettings.all.first(where: { $0.flag == flag }) else {
                throw ConfigError("unknown option '--\(flag)' (see rulebridge run --help)")
            }
            guard let value = value ?? rest.popFirst() else { throw ConfigError("--\(flag) needs a value (\(setting.valueName))") }
            given[flag, default: []].append(value)
        }
        for setting in RunSettings.all {
            guard let values = given[setting.flag] else { continue }
            let input: SettingInput
            switch setting.shape {
            case .text: input = .text(values[values.count - 1])
            case .list: input = .list(values)
            case .map:
                input = .map(try values.map { pair in
                    guard let equals = pair.firstIndex(of: "=") else { throw ConfigError("--\(setting.flag) takes NAME=VALUE, not '\(pair)'") }
                    return (name: String(pair[..<equals]), value: String(pair[pair.index(after: equals)...]))
                })
            }
            do {
                try setting.apply(input, to: &self)
            } catch {
                throw ConfigError("--\(setting.flag): \(error.description)")
            }
        }
    }
}

extension RunConfiguration {
    package var outputTopics: OutputTopics {
        OutputTopics(actions: outputTopic, notifications: notificationTopic, deadLetter: deadLetterTopic)
    }

    /// What every Kafka client of the engine gets: the `kafka:` properties, with the brokers,
    /// a client id and Nagle off unless those properties say otherwise.
    var kafkaClient: KafkaConfiguration {
        var k = KafkaConfiguration(properties: kafka)
        k.bootstrapServers = k.bootstrapServers ?? brokers
        k.clientID = k.clientID ?? "rulebridge-\(instanceID)"
        // Small transactional requests otherwise wait out Nagle's algorithm against delayed
        // ACKs (~40 ms per commit on Linux).
        k["socket.nagle.disable"] = k["socket.nagle.disable"] ?? "true"
        return k
    }
}

package struct ConfigError: Error, CustomStringConvertible {
    package var description: String
    package init(_ d: String) { description = d }
}
