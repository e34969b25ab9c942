import Foundation

/// Real AWS event shapes under Tests/Fixtures/events.
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/events")

    static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    static var spotInterruption: [UInt8] { get throws { try bytes("spot-interruption-warning.json") } }
    static var autoScalingLaunch: [UInt8] { get throws { try bytes("autoscaling-launch-successful.json") } }
}
