import Foundation
import Logging

/// Log lines on stderr: plain text by default, or one JSON object per line for
/// log shippers (`log.format: json`).
package struct LogLineHandler: LogHandler {
    let label: String
    let format: RunConfiguration.LogFormat
    package var logLevel: Logger.Level = .info
    package var metadata: Logger.Metadata = [:]

    package init(label: String, format: RunConfiguration.LogFormat) {
        self.label = label
        self.format = format
    }

    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    package func log(event: LogEvent) {
        let time = ISO8601DateFormatter().string(from: Date())
        let all = metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 })
        switch format {
        case .text:
            let extra = all.isEmpty ? "" : " " + all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            writeStandardError("\(time) \(event.level) \(label): \(event.message)\(extra)\n")
        case .json:
            var object: [String: Any] = ["time": time, "level": event.level.rawValue, "logger": label, "message": event.message.description]
            for (k, v) in all { object[k] = v.description }
            guard var line = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return }
            line.append(10)
            line.withUnsafeBytes { writeAll(2, $0) }
        }
    }
}
