// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "rulebridge",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "rulebridge", targets: ["rulebridge"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CJansson",
            pkgConfig: "jansson",
            providers: [.apt(["libjansson-dev"])]
        ),
        .systemLibrary(
            name: "CRdKafka",
            pkgConfig: "rdkafka",
            providers: [.apt(["librdkafka-dev"])]
        ),
        // The seeded generator that property tests and bench corpora share; not part of the matcher.
        .target(name: "DeterministicRandom"),
        // JSON values held by jansson, and the JSON rules every reader and
        // writer shares (number grammar, UTF-8, string escaping).
        .target(
            name: "JSON",
            dependencies: ["CJansson"]
        ),
        .target(
            name: "EventPatterns",
            dependencies: ["JSON"],
            swiftSettings: [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))]
        ),
        .target(
            name: "Events",
            dependencies: ["JSON", "EventPatterns"],
            swiftSettings: [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))]
        ),
        .target(
            name: "Rules",
            dependencies: ["JSON", "EventPatterns", "Events", .product(name: "Yams", package: "Yams")]
        ),
        .target(
            name: "KafkaIO",
            dependencies: ["CRdKafka"]
        ),
        .executableTarget(
            name: "rulebridge",
            dependencies: [
                "JSON",
                "EventPatterns",
                "Events",
                "Rules",
                "KafkaIO",
                "DeterministicRandom",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Paths and programs the test suites share; not shipped.
        .target(name: "RulebridgeTestSupport", path: "Tests/Support"),
        .testTarget(
            name: "JSONTests",
            dependencies: ["JSON"]
        ),
        .testTarget(
            name: "EventPatternsTests",
            dependencies: ["JSON", "EventPatterns", "Events", "DeterministicRandom"]
        ),
        .testTarget(
            name: "RulesTests",
            dependencies: ["JSON", "Rules", "Events", "EventPatterns"]
        ),
        .testTarget(
            name: "CommandLineTests",
            dependencies: ["RulebridgeTestSupport", "rulebridge"]
        ),
        .testTarget(
            name: "EventsTests",
            dependencies: ["JSON", "Events", "EventPatterns", "DeterministicRandom"]
        ),
        .testTarget(
            name: "KafkaIOTests",
            dependencies: ["RulebridgeTestSupport", "KafkaIO", "rulebridge"]
        ),
        .testTarget(name: "RunIntegrationTests", dependencies: ["RulebridgeTestSupport", "rulebridge", "KafkaIO", "Rules"]),
    ]
)
