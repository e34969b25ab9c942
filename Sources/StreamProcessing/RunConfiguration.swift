import Foundation
import KafkaIO
import Rules
import Yams

/// What `rulebridge run` needs, from `rulebridge.yaml` (every key documented
/// there) with command-line flags on top.
package struct RunConfiguration: Equatable, Sendable {
    package enum Guarantee: String, Equatable, Sendable {
        case exactlyOnce = "exactly-once"
        case atLeastOnce = "at-least-once"
    }

    package enum LogFormat: String, Equatable, Sendable {
        case text, json
    }

    package var brokers = "localhost:9092"
    package var rules = "rules"
    package var group = "rulebridge"
    package var instanceID = ProcessInfo.processInfo.hostName
    package var inputTopics = ["capacity-events"]
    package var outputTopic = "rulebridge-actions"
    package var notificationTopic = "rulebridge-notifications"
    package var deadLetterTopic = "rulebridge-dead-letter"
    package var changelogTopic = "rulebridge-state"
    package var guarantee = Guarantee.exactlyOnce
    package var commitInterval: Int64 = 100
    package var idleAdvance: Int64?
    package var httpListen = "0.0.0.0:9464"
    package var logLevel = "info"
    package var logFormat = LogFormat.text
    package var kafka: [String: String] = [:]

    static let keys = [
        "brokers", "rules", "group", "instance-id", "input-topics", "output-topic", "notification-topic",
        "dead-letter-topic", "changelog-topic", "guarantee", "commit-interval", "idle-advance", "http", "log", "kafka",
    ]

    /// Reads a config file; errors name the key.
    package static func load(_ path: String) throws -> RunConfiguration {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var c = RunConfiguration()
        guard let root = try Yams.compose(yaml: text) else { return c }
        guard let m = root.mapping else { throw ConfigError("\(path): the top level must be a mapping") }
        func fail(_ key: String, _ why: String, _ node: Node) -> ConfigError {
            ConfigError("\(path):\(node.mark?.line ?? 1):\(node.mark?.column ?? 1): \(key): \(why)")
        }
        for (k, v) in m {
            guard let key = k.string else { throw fail("?", "keys must be strings", k) }
            func string() throws -> String {
                guard let s = v.string else { throw fail(key, "must be a string", v) }
                return s
            }
            func duration() throws -> Int64 {
                guard let ms = DurationSyntax.milliseconds(try string()) else { throw fail(key, "invalid duration (e.g. 100ms, 30s, 1m)", v) }
                return ms
            }
            switch key {
            case "brokers": c.brokers = try string()
            case "rules": c.rules = try string()
            case "group": c.group = try string()
            case "instance-id": c.instanceID = try string()
            case "input-topics":
                guard let s = v.sequence?.compactMap(\.string), !s.isEmpty else { throw fail(key, "must be a list of topic names", v) }
                c.inputTopics = s
            case "output-topic": c.outputTopic = try string()
            case "notification-topic": c.notificationTopic = try string()
            case "dead-letter-topic": c.deadLetterTopic = try string()
            case "changelog-topic": c.changelogTopic = try string()
            case "guarantee":
                guard let g = Guarantee(rawValue: try string()) else { throw fail(key, "must be exactly-once or at-least-once", v) }
                c.guarantee = g
            case "commit-interval": c.commitInterval = try duration()
            case "idle-advance": c.idleAdvance = v.string == "off" ? nil : try duration()
            case "http":
                for (hk, hv) in v.mapping ?? [:] {
                    guard hk.string == "listen", let s = hv.string else { throw fail("http", "only 'listen: host:port' is known", hk) }
                    c.httpListen = s
                }
            case "log":
                for (lk, lv) in v.mapping ?? [:] {
                    switch lk.string {
                    case "level": c.logLevel = lv.string ?? c.logLevel
                    case "format":
                        guard let f = lv.string.flatMap(LogFormat.init(rawValue:)) else { throw fail("log.format", "must be text or json", lv) }
                        c.logFormat = f
                    default: throw fail("log", "unknown key '\(lk.string ?? "?")' (level, format)", lk)
                    }
                }
            case "kafka":
                guard let km = v.mapping else { throw fail(key, "must be a mapping of librdkafka properties", v) }
                for (pk, pv) in km {
                    guard let name = pk.string, let value = pv.string else { throw fail(key, "properties are name: value", pk) }
                    c.kafka[name] = value
                }
            default:
                throw fail(key, "unknown key (known: \(keys.joined(separator: ", ")))", k)
            }
        }
        return c
    }

    package init() {}

    /// `host:port` of the HTTP endpoint.
    package var httpHostPort: (host: String, port: Int)? {
        guard let colon = httpListen.lastIndex(of: ":"), let port = Int(httpListen[httpListen.index(after: colon)...]) else { return nil }
        return (String(httpListen[..<colon]), port)
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
