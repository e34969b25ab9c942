import Foundation
import Logging

/// Every `rulebridge run` setting. rulebridge.yaml documents each one with its
/// default (a test holds it to that), and `run --help` lists them.
package enum RunSettings {
    package static let brokers = RunSetting(
        "brokers", "HOST:PORT[,HOST:PORT…]", \.brokers, default: "localhost:9092", codec: .string,
        help: "Kafka bootstrap servers.")
    package static let rules = RunSetting(
        "rules", "DIR", \.rules, default: "rules", codec: .string,
        help: "Directory of rule files; reloaded on SIGHUP and on change (a bad file is rejected, the running rules stay).")
    package static let group = RunSetting(
        "group", "NAME", \.group, default: "rulebridge", codec: .string,
        help: "Consumer group; the engines sharing it split the input partitions.")
    package static let instanceID = RunSetting(
        "instance-id", "NAME", \.instanceID, default: ProcessInfo.processInfo.hostName, computedDefault: "the host name",
        codec: .string,
        help: "This engine's stable name in the group: it names the transactional producer, so a restarted engine fences its crashed predecessor.")
    package static let inputTopics = RunSetting(
        "input-topics", flag: "input-topic", "TOPIC", \.inputTopics, default: ["capacity-events"], codec: .list,
        help: "Topics to consume (the flag is repeated for several).")
    package static let outputTopic = RunSetting(
        "output-topic", "TOPIC", \.outputTopic, default: "rulebridge-actions", codec: .string, help: "Topic for action events.")
    package static let notificationTopic = RunSetting(
        "notification-topic", "TOPIC", \.notificationTopic, default: "rulebridge-notifications", codec: .string,
        help: "Topic for SNS-style notifications.")
    package static let deadLetterTopic = RunSetting(
        "dead-letter-topic", "TOPIC", \.deadLetterTopic, default: "rulebridge-dead-letter", codec: .string,
        help: "Topic for records that cannot be processed.")
    package static let changelogTopic = RunSetting(
        "changelog-topic", "TOPIC", \.changelogTopic, default: "rulebridge-state", codec: .string,
        help: "Compacted topic for engine state, with at least as many partitions as each input topic.")
    package static let guarantee = RunSetting(
        "guarantee", "GUARANTEE", \.guarantee, default: .exactlyOnce, codec: .oneOf,
        help: "exactly-once (outputs, state and offsets in one transaction) or at-least-once.")
    package static let commitInterval = RunSetting(
        "commit-interval", "DURATION", \.commitInterval, default: 100, codec: .duration,
        help: "How often a transaction (or offset commit) closes: shorter is lower latency, longer is more throughput.")
    package static let idleAdvance = RunSetting(
        "idle-advance", "DURATION|off", \.idleAdvance, default: nil, codec: .optionalDuration,
        help: "Move an idle partition's event time to the wall clock after this long, so breakers close without events.")
    package static let httpListen = RunSetting(
        "http.listen", flag: "http", "HOST:PORT", \.httpListen, default: ListenAddress("127.0.0.1:9464")!, codec: .listenAddress,
        help: "Address for /metrics, /healthz and /readyz (port 0 picks a free one). Loopback unless set: 0.0.0.0 in containers.")
    package static let logLevel = RunSetting(
        "log.level", flag: "log-level", "LEVEL", \.logLevel, default: .info, codec: .oneOf,
        help: "Least severe level logged.")
    package static let logFormat = RunSetting(
        "log.format", flag: "log-format", "FORMAT", \.logFormat, default: .text, codec: .oneOf,
        help: "text, or json (one object per line).")
    package static let kafka = RunSetting(
        "kafka", "NAME=VALUE", \.kafka, default: [:], codec: .properties,
        help: "Any librdkafka property for every client (security settings included); the flag is repeated for several.")

    package static let all: [any AnyRunSetting] = [
        brokers, rules, group, instanceID, inputTopics, outputTopic, notificationTopic, deadLetterTopic, changelogTopic,
        guarantee, commitInterval, idleAdvance, httpListen, logLevel, logFormat, kafka,
    ]

    /// The settings for `run --help`.
    package static var helpText: String {
        all.map { s in
            "--\(s.flag) \(s.valueName)   (file: \(s.key); default: \(s.defaultDescription))\n  \(s.help)"
        }.joined(separator: "\n")
    }
}

extension SettingCodec where Value == ListenAddress {
    static let listenAddress = SettingCodec.text(refusal: "must be host:port", read: ListenAddress.init, format: \.description)
}

/// A `host:port` to listen on; port 0 picks a free one.
package struct ListenAddress: Equatable, Sendable, CustomStringConvertible {
    package var host: String
    package var port: Int

    package init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65_535).contains(port) else {
            return nil
        }
        host = String(text[..<colon])
        self.port = port
    }

    package var description: String { "\(host):\(port)" }
}
