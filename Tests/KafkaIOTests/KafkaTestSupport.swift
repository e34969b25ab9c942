import Foundation
import KafkaIO
import RulebridgeTestSupport

/// A topic name no other test uses (each test also has its own broker; this keeps
/// failures readable).
func uniqueTopic(_ stem: String) -> String {
    "\(stem)-\(UInt32.random(in: 0...UInt32.max))"
}

extension Array where Element == UInt8 {
    init(_ text: String) { self = Array(text.utf8) }
}

func text(_ bytes: [UInt8]?) -> String? {
    bytes.map { String(decoding: $0, as: UTF8.self) }
}

/// Polls until `count` records arrived or `timeout` passed; returns what arrived.
func consume(_ consumer: KafkaConsumer, count: Int, timeout: Duration = .seconds(10)) throws -> [KafkaMessage] {
    var messages: [KafkaMessage] = []
    let deadline = ContinuousClock.now + timeout
    while messages.count < count, ContinuousClock.now < deadline {
        if let message = try consumer.poll(timeout: .milliseconds(100)) {
            messages.append(message)
        }
    }
    return messages
}

/// Polls until `done` holds or `timeout` passed, collecting records.
func consume(_ consumer: KafkaConsumer, timeout: Duration = .seconds(10), until done: ([KafkaMessage]) -> Bool) throws -> [KafkaMessage] {
    var messages: [KafkaMessage] = []
    let deadline = ContinuousClock.now + timeout
    while !done(messages), ContinuousClock.now < deadline {
        if let message = try consumer.poll(timeout: .milliseconds(100)) {
            messages.append(message)
        }
    }
    return messages
}

func producer(_ broker: EmbeddedBroker, transactionalID: String? = nil, deliveryTimeout: Duration? = nil) throws -> KafkaProducer {
    try KafkaProducer(configuration: KafkaProducerConfiguration(
        kafka: KafkaConfiguration(bootstrapServers: broker.bootstrapServers),
        transactionalID: transactionalID,
        deliveryTimeout: deliveryTimeout
    ))
}

/// A consumer outside any group, for reading partitions directly.
func reader(_ broker: EmbeddedBroker, isolation: KafkaConsumerConfiguration.IsolationLevel = .readCommitted) throws -> KafkaConsumer {
    try KafkaConsumer(configuration: KafkaConsumerConfiguration(
        kafka: KafkaConfiguration(bootstrapServers: broker.bootstrapServers),
        isolationLevel: isolation
    ))
}

/// Group-join settings that keep the mock cluster's rebalances quick: it waits 3 s for
/// the first member of a group, and `session.timeout.ms - 1 s` when members join or
/// leave a non-empty group. `KAFKAIO_DEBUG=cgrp` (any librdkafka `debug` contexts)
/// makes these consumers log their group protocol to stderr.
func groupConsumer(_ broker: EmbeddedBroker, group: String, rebalanceHandler: KafkaRebalanceHandler? = nil) throws -> KafkaConsumer {
    try KafkaConsumer(
        configuration: KafkaConsumerConfiguration(
            kafka: KafkaConfiguration(bootstrapServers: broker.bootstrapServers, properties: [
                "session.timeout.ms": "3000",
                "heartbeat.interval.ms": "200",
                "topic.metadata.refresh.interval.ms": "1000",
            ].merging(ProcessInfo.processInfo.environment["KAFKAIO_DEBUG"].map { ["debug": $0] } ?? [:]) { a, _ in a }),
            groupID: group
        ),
        rebalanceHandler: rebalanceHandler
    )
}

/// A value other threads (rebalance handlers) append to.
final class Recorder<Element: Sendable>: @unchecked Sendable {
    // Invariant: `items` is only touched under `lock`.
    private let lock = NSLock()
    private var items: [Element] = []

    func append(_ item: Element) { lock.withLock { items.append(item) } }
    var all: [Element] { lock.withLock { items } }
}

/// A failed precondition inside ``onDedicatedThread(_:)``, where `#expect` cannot
/// attribute an issue to the test: thrown, it fails the test from its own task.
struct SetupFailure: Error, CustomStringConvertible {
    var description: String
}

func ensure(_ condition: Bool, _ message: @autoclosure () -> String) throws {
    if !condition { throw SetupFailure(description: message()) }
}
