import Foundation

/// The Swift side of librdkafka's callbacks for one client: delivery reports, error
/// events and rebalances reach it through the configuration's opaque pointer
/// (`rd_kafka_conf_set_opaque` + `Unmanaged.passUnretained`).
///
/// Invariants that make `@unchecked Sendable` sound:
/// - The owning ``RdKafkaClient`` holds the only strong reference the callbacks rely
///   on, and destroys its `rd_kafka_t` handle (the last point where librdkafka can call
///   back) in its `deinit`, before this object is released.
/// - ``rebalanceHandler`` and ``errorHandler`` are set in `init` and never change.
/// - Every mutable field is read and written only while holding ``lock``: callbacks run
///   on whichever thread serves librdkafka's queue (a thread inside `poll`, `flush`,
///   `consumer_poll`, `commit_transaction` or `consumer_close`), so several may race.
final class RdKafkaCallbackContext: @unchecked Sendable {
    let rebalanceHandler: KafkaRebalanceHandler?
    let errorHandler: (@Sendable (KafkaError) -> Void)?
    /// A cooperative-sticky consumer, which librdkafka 2.0.2 cannot destroy between its
    /// first JoinGroup response and its first assignment (see
    /// ``RdKafkaClient/closeConsumer()``).
    let guardsFirstAssignment: Bool

    private let lock = NSLock()
    private var statistics = KafkaDeliveryStatistics()
    private var unreportedFailureCount = 0
    private var firstUnreportedFailure: KafkaError?
    private var pendingConsumerError: KafkaError?
    private var lastClientError: KafkaError?
    private var subscribed = false
    private var rebalanceSeen = false
    private var destroyIsUnsafe = false

    init(
        rebalanceHandler: KafkaRebalanceHandler? = nil,
        errorHandler: (@Sendable (KafkaError) -> Void)? = nil,
        guardsFirstAssignment: Bool = false
    ) {
        self.rebalanceHandler = rebalanceHandler
        self.errorHandler = errorHandler
        self.guardsFirstAssignment = guardsFirstAssignment
    }

    var opaquePointer: UnsafeMutableRawPointer {
        Unmanaged.passUnretained(self).toOpaque()
    }

    static func from(_ opaque: UnsafeMutableRawPointer?) -> RdKafkaCallbackContext? {
        guard let opaque else { return nil }
        return Unmanaged<RdKafkaCallbackContext>.fromOpaque(opaque).takeUnretainedValue()
    }

    // MARK: Delivery reports

    /// Called before a message is handed to librdkafka, so that a report arriving on
    /// another thread never sees more deliveries than productions.
    func willProduce() {
        lock.withLock { statistics.produced += 1 }
    }

    /// The message was not accepted after all.
    func didNotProduce() {
        lock.withLock { statistics.produced -= 1 }
    }

    func recordDelivery() {
        lock.withLock { statistics.delivered += 1 }
    }

    func recordDeliveryFailure(_ error: KafkaError) {
        lock.withLock {
            statistics.failed += 1
            statistics.lastFailure = error
            unreportedFailureCount += 1
            if firstUnreportedFailure == nil { firstUnreportedFailure = error }
        }
    }

    var deliveryStatistics: KafkaDeliveryStatistics {
        lock.withLock { statistics }
    }

    /// Delivery failures not yet thrown by `flush`, summarised as one error; clears them.
    func takeUnreportedFailures() -> KafkaError? {
        lock.withLock {
            defer { unreportedFailureCount = 0; firstUnreportedFailure = nil }
            guard var first = firstUnreportedFailure else { return nil }
            if unreportedFailureCount > 1 {
                first.message += " (and \(unreportedFailureCount - 1) more failed deliveries)"
            }
            return first
        }
    }

    /// Forget failures that belonged to an aborted transaction.
    func discardUnreportedFailures() {
        lock.withLock { unreportedFailureCount = 0; firstUnreportedFailure = nil }
    }

    // MARK: Group membership

    func noteSubscribed() {
        lock.withLock { subscribed = true }
    }

    /// Any rebalance callback: librdkafka delivers one after every SyncGroup, and the
    /// assignor has stored its state before that.
    func noteRebalance() {
        lock.withLock { rebalanceSeen = true }
    }

    /// Subscribed, but no assignment yet: destroying the handle now may abort the
    /// process (librdkafka 2.0.2, cooperative-sticky).
    var awaitingFirstAssignment: Bool {
        lock.withLock { guardsFirstAssignment && subscribed && !rebalanceSeen }
    }

    func markDestroyUnsafe() {
        lock.withLock { destroyIsUnsafe = true }
    }

    var isDestroyUnsafe: Bool {
        lock.withLock { destroyIsUnsafe }
    }

    // MARK: Errors

    /// An error raised inside a callback that must surface from the next consumer call.
    func recordConsumerError(_ error: KafkaError) {
        lock.withLock { if pendingConsumerError == nil { pendingConsumerError = error } }
    }

    func takeConsumerError() -> KafkaError? {
        lock.withLock {
            defer { pendingConsumerError = nil }
            return pendingConsumerError
        }
    }

    /// A client-level error event (broker down, authentication, fatal).
    func recordClientError(_ error: KafkaError) {
        lock.withLock { lastClientError = error }
        errorHandler?(error)
    }

    var lastError: KafkaError? {
        lock.withLock { lastClientError }
    }
}
