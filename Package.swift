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
        .target(
            name: "EventPatterns",
            swiftSettings: [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))]
        ),
        .target(
            name: "Events",
            dependencies: ["EventPatterns", "CJansson"],
            swiftSettings: [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))]
        ),
        .target(
            name: "Rules",
            dependencies: ["EventPatterns", "Events", .product(name: "Yams", package: "Yams")]
        ),
        .target(
            name: "KafkaIO",
            dependencies: ["CRdKafka"]
        ),
        .executableTarget(
            name: "rulebridge",
            dependencies: [
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
            name: "EventPatternsTests",
            dependencies: ["EventPatterns", "Events", "DeterministicRandom"]
        ),
        .testTarget(
            name: "RulesTests",
            dependencies: ["Rules", "Events", "EventPatterns"]
        ),
        .testTarget(
            name: "CommandLineTests",
            dependencies: ["RulebridgeTestSupport", "rulebridge"]
        ),
        .testTarget(
            name: "EventsTests",
            dependencies: ["Events", "EventPatterns", "CJansson", "DeterministicRandom"]
        ),
        .testTarget(
            name: "KafkaIOTests",
            dependencies: ["RulebridgeTestSupport", "KafkaIO", "rulebridge"]
        ),
        .testTarget(name: "RunIntegrationTests", dependencies: ["RulebridgeTestSupport", "rulebridge", "KafkaIO", "Rules"]),
    ]
)
