// swift-tools-version: 6.1
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
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        // Without the default traits: no swift-configuration, which nothing here reads.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
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
        // `rulebridge run` as a library: the consume/process/commit loop, the state changelog,
        // reload, health, metrics and the HTTP endpoints. The executable is its command layer.
        .target(
            name: "StreamProcessing",
            dependencies: [
                "Rules",
                "KafkaIO",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
        // The `rulebridge bench` commands: figures from release builds, never timed tests.
        .target(
            name: "Benchmarks",
            dependencies: [
                "JSON",
                "DeterministicRandom",
                "EventPatterns",
                "Events",
                "Rules",
                "KafkaIO",
                "StreamProcessing",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "rulebridge",
            dependencies: [
                "JSON",
                "EventPatterns",
                "Events",
                "Rules",
                "KafkaIO",
                "StreamProcessing",
                "Benchmarks",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // What the test suites share (paths, the one process runner, records and their
        // expectations, the input streams); not shipped.
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
        // The runtime in-process, against the embedded broker.
        .testTarget(
            name: "StreamProcessingTests",
            dependencies: ["RulebridgeTestSupport", "StreamProcessing", "KafkaIO", "Rules", .product(name: "Yams", package: "Yams")]
        ),
        // The built binary end to end: `rulebridge broker`, `run` and `replay` as child
        // processes, kcat as the outside client.
        .testTarget(
            name: "RunIntegrationTests",
            dependencies: ["RulebridgeTestSupport", "rulebridge", "KafkaIO", "StreamProcessing"]
        ),
    ]
)
