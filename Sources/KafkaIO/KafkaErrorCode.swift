/// A librdkafka error code (`rd_kafka_resp_err_t`): either a Kafka protocol error
/// (non-negative, the broker's code) or a local client error (negative, named with a
/// leading underscore such as `_MSG_TIMED_OUT`).
///
/// Compare against the constants below instead of raw numbers; ``name`` gives the
/// symbolic name librdkafka uses in its own logs, which is what operators search for.
public struct KafkaErrorCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int32

    public init(rawValue: Int32) {
        self.rawValue = rawValue
    }

    /// librdkafka's symbolic name, for example `NOT_COORDINATOR` or `_TRANSPORT`.
    public var name: String { RdKafkaClient.errorName(rawValue) }

    /// librdkafka's human-readable explanation of the code.
    public var message: String { RdKafkaClient.errorMessage(rawValue) }

    public var description: String { name }

    // MARK: Local (client-side) errors

    public static let noError = KafkaErrorCode(rawValue: 0)
    /// A message could not be delivered within `message.timeout.ms`.
    public static let messageTimedOut = KafkaErrorCode(rawValue: -192)
    /// A partition has no more records for now (only with `enable.partition.eof`).
    public static let partitionEOF = KafkaErrorCode(rawValue: -191)
    /// The connection to a broker failed.
    public static let transport = KafkaErrorCode(rawValue: -195)
    /// Every known broker is unreachable.
    public static let allBrokersDown = KafkaErrorCode(rawValue: -187)
    /// An argument was rejected; also used for configuration errors (unknown property,
    /// bad value), with ``KafkaError/property`` naming the property.
    public static let invalidArgument = KafkaErrorCode(rawValue: -186)
    /// An operation did not finish within its timeout.
    public static let timedOut = KafkaErrorCode(rawValue: -185)
    /// The local producer queue is full (`queue.buffering.max.messages`).
    public static let queueFull = KafkaErrorCode(rawValue: -184)
    /// The feature is not available in this librdkafka build or version.
    public static let notImplemented = KafkaErrorCode(rawValue: -170)
    /// The operation is not allowed in the client's current state.
    public static let state = KafkaErrorCode(rawValue: -172)
    /// The client hit an unrecoverable error; it must be recreated.
    public static let fatal = KafkaErrorCode(rawValue: -150)
    /// Nothing to commit (no offsets stored).
    public static let noOffset = KafkaErrorCode(rawValue: -168)
    /// The instance is being, or has been, destroyed.
    public static let destroy = KafkaErrorCode(rawValue: -197)

    // MARK: Broker (protocol) errors

    public static let offsetOutOfRange = KafkaErrorCode(rawValue: 1)
    public static let unknownTopicOrPartition = KafkaErrorCode(rawValue: 3)
    public static let leaderNotAvailable = KafkaErrorCode(rawValue: 5)
    public static let notLeaderForPartition = KafkaErrorCode(rawValue: 6)
    public static let requestTimedOut = KafkaErrorCode(rawValue: 7)
    public static let coordinatorLoadInProgress = KafkaErrorCode(rawValue: 14)
    public static let coordinatorNotAvailable = KafkaErrorCode(rawValue: 15)
    public static let notCoordinator = KafkaErrorCode(rawValue: 16)
    public static let notEnoughReplicas = KafkaErrorCode(rawValue: 19)
    public static let illegalGeneration = KafkaErrorCode(rawValue: 22)
    public static let unknownMemberID = KafkaErrorCode(rawValue: 25)
    public static let rebalanceInProgress = KafkaErrorCode(rawValue: 27)
    public static let topicAuthorizationFailed = KafkaErrorCode(rawValue: 29)
    public static let groupAuthorizationFailed = KafkaErrorCode(rawValue: 30)
    public static let outOfOrderSequenceNumber = KafkaErrorCode(rawValue: 45)
    public static let duplicateSequenceNumber = KafkaErrorCode(rawValue: 46)
    public static let invalidProducerEpoch = KafkaErrorCode(rawValue: 47)
    public static let invalidTransactionState = KafkaErrorCode(rawValue: 48)
    public static let concurrentTransactions = KafkaErrorCode(rawValue: 51)
    public static let transactionalIDAuthorizationFailed = KafkaErrorCode(rawValue: 53)
    public static let producerFenced = KafkaErrorCode(rawValue: 90)
}
