/// A librdkafka error code (`rd_kafka_resp_err_t`): either a Kafka protocol error
/// (non-negative, the broker's code) or a local client error (negative, named with a
/// leading underscore such as `_MSG_TIMED_OUT`).
///
/// Compare against the constants below instead of raw numbers; ``name`` gives the
/// symbolic name librdkafka uses in its own logs, which is what operators search for.
package struct KafkaErrorCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    package let rawValue: Int32

    package init(rawValue: Int32) {
        self.rawValue = rawValue
    }

    /// librdkafka's symbolic name, for example `NOT_COORDINATOR` or `_TRANSPORT`.
    package var name: String { RdKafkaClient.errorName(rawValue) }

    /// librdkafka's human-readable explanation of the code.
    package var message: String { RdKafkaClient.errorMessage(rawValue) }

    package var description: String { name }

    // MARK: Local (client-side) errors

    package static let noError = KafkaErrorCode(rawValue: 0)
    /// A message could not be delivered within `message.timeout.ms`.
    package static let messageTimedOut = KafkaErrorCode(rawValue: -192)
    /// A partition has no more records for now (only with `enable.partition.eof`).
    package static let partitionEOF = KafkaErrorCode(rawValue: -191)
    /// The connection to a broker failed.
    package static let transport = KafkaErrorCode(rawValue: -195)
    /// Every known broker is unreachable.
    package static let allBrokersDown = KafkaErrorCode(rawValue: -187)
    /// An argument was rejected; also used for configuration errors (unknown property,
    /// bad value), with ``KafkaError/property`` naming the property.
    package static let invalidArgument = KafkaErrorCode(rawValue: -186)
    /// An operation did not finish within its timeout.
    package static let timedOut = KafkaErrorCode(rawValue: -185)
    /// The local producer queue is full (`queue.buffering.max.messages`).
    package static let queueFull = KafkaErrorCode(rawValue: -184)
    /// The feature is not available in this librdkafka build or version.
    package static let notImplemented = KafkaErrorCode(rawValue: -170)
    /// The operation is not allowed in the client's current state.
    package static let state = KafkaErrorCode(rawValue: -172)
    /// The client hit an unrecoverable error; it must be recreated.
    package static let fatal = KafkaErrorCode(rawValue: -150)
    /// Nothing to commit (no offsets stored).
    package static let noOffset = KafkaErrorCode(rawValue: -168)
    /// The instance is being, or has been, destroyed.
    package static let destroy = KafkaErrorCode(rawValue: -197)

    // MARK: Broker (protocol) errors

    package static let offsetOutOfRange = KafkaErrorCode(rawValue: 1)
    package static let unknownTopicOrPartition = KafkaErrorCode(rawValue: 3)
    package static let leaderNotAvailable = KafkaErrorCode(rawValue: 5)
    package static let notLeaderForPartition = KafkaErrorCode(rawValue: 6)
    package static let requestTimedOut = KafkaErrorCode(rawValue: 7)
    package static let coordinatorLoadInProgress = KafkaErrorCode(rawValue: 14)
    package static let coordinatorNotAvailable = KafkaErrorCode(rawValue: 15)
    package static let notCoordinator = KafkaErrorCode(rawValue: 16)
    package static let notEnoughReplicas = KafkaErrorCode(rawValue: 19)
    package static let illegalGeneration = KafkaErrorCode(rawValue: 22)
    package static let unknownMemberID = KafkaErrorCode(rawValue: 25)
    package static let rebalanceInProgress = KafkaErrorCode(rawValue: 27)
    package static let topicAuthorizationFailed = KafkaErrorCode(rawValue: 29)
    package static let groupAuthorizationFailed = KafkaErrorCode(rawValue: 30)
    package static let outOfOrderSequenceNumber = KafkaErrorCode(rawValue: 45)
    package static let duplicateSequenceNumber = KafkaErrorCode(rawValue: 46)
    package static let invalidProducerEpoch = KafkaErrorCode(rawValue: 47)
    package static let invalidTransactionState = KafkaErrorCode(rawValue: 48)
    package static let concurrentTransactions = KafkaErrorCode(rawValue: 51)
    package static let transactionalIDAuthorizationFailed = KafkaErrorCode(rawValue: 53)
    package static let producerFenced = KafkaErrorCode(rawValue: 90)
}
