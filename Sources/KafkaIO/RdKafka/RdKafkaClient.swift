import CRdKafka

/// The one place that talks to librdkafka: owns an `rd_kafka_t` handle (and, for the
/// embedded broker, the mock cluster living on it) and turns C results into
/// ``KafkaError``s. The types other targets see (``KafkaProducer``, ``KafkaConsumer``,
/// ``EmbeddedBroker``) are thin, domain-named wrappers around it.
///
/// Invariants that make `@unchecked Sendable` sound:
/// - ``handle`` and ``mockCluster`` are set once in `init` and destroyed only in
///   `deinit` (mock cluster first, then the handle), when no other reference — and so
///   no call in progress on another thread — remains.
/// - librdkafka handles are thread-safe for every call used here, except that one
///   consumer must not be polled from two threads at once; ``KafkaConsumer`` documents
///   that its polling belongs to one thread.
/// - Callback state lives in ``context``, which guards itself with a lock.
final class RdKafkaClient: @unchecked Sendable {
    enum Kind {
        case producer
        case consumer
    }

    let handle: OpaquePointer
    let kind: Kind
    let context: RdKafkaCallbackContext
    /// `rd_kafka_mock_cluster_t *` for a client created by ``makeMockClusterHost(brokers:)``.
    let mockCluster: OpaquePointer?

    private init(handle: OpaquePointer, kind: Kind, context: RdKafkaCallbackContext, mockCluster: OpaquePointer? = nil) {
        self.handle = handle
        self.kind = kind
        self.context = context
        self.mockCluster = mockCluster
    }

    deinit {
        if let mockCluster { rd_kafka_mock_cluster_destroy(mockCluster) }
        if kind == .consumer {
            // Leave the group (serving a last revoke callback) unless `close()` already
            // did; this also waits out a first group join in progress.
            try? closeConsumer()
            if context.isDestroyUnsafe {
                // librdkafka 2.0.2 would abort the process here (see closeConsumer):
                // leaking a handle that has already left its group is the lesser harm.
                return
            }
        }
        rd_kafka_destroy(handle)
    }

    // MARK: Creation

    /// Creates a client from librdkafka properties, wiring the callbacks the kind needs.
    static func make(kind: Kind, properties: [String: String], context: RdKafkaCallbackContext) throws -> RdKafkaClient {
        let conf = try makeConf(properties)
        rd_kafka_conf_set_opaque(conf, context.opaquePointer)
        rd_kafka_conf_set_error_cb(conf) { rk, err, reason, opaque in
            guard let rk, let context = RdKafkaCallbackContext.from(opaque) else { return }
            context.recordClientError(RdKafkaClient.clientError(rk: rk, code: err, reason: reason))
        }
        switch kind {
        case .producer:
            rd_kafka_conf_set_dr_msg_cb(conf) { _, message, opaque in
                guard let message, let context = RdKafkaCallbackContext.from(opaque) else { return }
                RdKafkaClient.handleDeliveryReport(message, context: context)
            }
        case .consumer:
            rd_kafka_conf_set_rebalance_cb(conf) { rk, err, partitions, opaque in
                guard let rk, let partitions, let context = RdKafkaCallbackContext.from(opaque) else { return }
                RdKafkaClient.handleRebalance(rk: rk, err: err, list: partitions, context: context)
            }
        }
        let handle = try newHandle(kind == .producer ? RD_KAFKA_PRODUCER : RD_KAFKA_CONSUMER, conf: conf)
        if kind == .consumer {
            // Serve error and rebalance events from consumer_poll, on the polling thread.
            rd_kafka_poll_set_consumer(handle)
        }
        return RdKafkaClient(handle: handle, kind: kind, context: context)
    }

    /// Creates a producer-type handle that hosts a mock cluster of `brokers` brokers.
    static func makeMockClusterHost(brokers: Int, properties: [String: String] = [:]) throws -> RdKafkaClient {
        let conf = try makeConf(properties)
        let handle = try newHandle(RD_KAFKA_PRODUCER, conf: conf)
        guard let cluster = rd_kafka_mock_cluster_new(handle, Int32(clamping: brokers)) else {
            rd_kafka_destroy(handle)
            throw KafkaError(code: .invalidArgument, message: "could not start a mock cluster with \(brokers) broker(s)", operation: "rd_kafka_mock_cluster_new")
        }
        return RdKafkaClient(handle: handle, kind: .producer, context: RdKafkaCallbackContext(), mockCluster: cluster)
    }

    private static func makeConf(_ properties: [String: String]) throws -> OpaquePointer {
        guard let conf = rd_kafka_conf_new() else {
            throw KafkaError(code: .invalidArgument, message: "rd_kafka_conf_new failed")
        }
        var errbuf = [CChar](repeating: 0, count: 512)
        // Sorted, so that the first bad property reported is the same on every run.
        for (name, value) in properties.sorted(by: { $0.key < $1.key }) {
            let result = rd_kafka_conf_set(conf, name, value, &errbuf, errbuf.count)
            if result != RD_KAFKA_CONF_OK {
                rd_kafka_conf_destroy(conf)
                throw KafkaError(code: .invalidArgument, message: string(errbuf), operation: "configure", property: name)
            }
        }
        return conf
    }

    /// `rd_kafka_new`, which takes ownership of `conf` only on success.
    private static func newHandle(_ type: rd_kafka_type_t, conf: OpaquePointer) throws -> OpaquePointer {
        var errbuf = [CChar](repeating: 0, count: 512)
        guard let handle = rd_kafka_new(type, conf, &errbuf, errbuf.count) else {
            rd_kafka_conf_destroy(conf)
            throw KafkaError(code: .invalidArgument, message: string(errbuf), operation: "create client")
        }
        return handle
    }

    // MARK: Common calls

    /// Serves queued callbacks (delivery reports, errors) for up to `timeoutMs`.
    @discardableResult
    func poll(timeoutMs: Int32) -> Int32 {
        rd_kafka_poll(handle, timeoutMs)
    }

    /// Messages and requests not yet acknowledged by a broker.
    var outqLength: Int32 { rd_kafka_outq_len(handle) }

    /// Asks the partition's leader for its low and high watermarks.
    func queryWatermarks(topic: String, partition: Int32, timeoutMs: Int32) throws -> KafkaWatermarks {
        var low: Int64 = 0, high: Int64 = 0
        let err = rd_kafka_query_watermark_offsets(handle, topic, partition, &low, &high, timeoutMs)
        try Self.check(err, "queryWatermarks(\(topic)[\(partition)])")
        return KafkaWatermarks(low: low, high: high)
    }

    /// The watermarks last seen in fetch responses, without a request (consumers only;
    /// `nil` until the partition has been fetched from).
    func cachedWatermarks(topic: String, partition: Int32) -> KafkaWatermarks? {
        var low: Int64 = -1001, high: Int64 = -1001
        let err = rd_kafka_get_watermark_offsets(handle, topic, partition, &low, &high)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR, high >= 0 else { return nil }
        return KafkaWatermarks(low: low, high: high)
    }

    /// The number of partitions of `topic`, from a metadata request.
    func partitionCount(topic: String, timeoutMs: Int32) throws -> Int {
        guard let rkt = rd_kafka_topic_new(handle, topic, nil) else {
            throw Self.lastError(operation: "partitionCount(\(topic))")
        }
        defer { rd_kafka_topic_destroy(rkt) }
        var metadata: UnsafePointer<rd_kafka_metadata>?
        let err = rd_kafka_metadata(handle, 0, rkt, &metadata, timeoutMs)
        try Self.check(err, "partitionCount(\(topic))")
        guard let metadata else { return 0 }
        defer { rd_kafka_metadata_destroy(metadata) }
        for i in 0..<Int(metadata.pointee.topic_cnt) {
            let entry = metadata.pointee.topics[i]
            guard String(cString: entry.topic) == topic else { continue }
            try Self.check(entry.err, "partitionCount(\(topic))")
            return Int(entry.partition_cnt)
        }
        throw KafkaError(code: .unknownTopicOrPartition, operation: "partitionCount(\(topic))")
    }

    // MARK: Errors

    static func errorName(_ code: Int32) -> String {
        String(cString: rd_kafka_err2name(rd_kafka_resp_err_t(rawValue: code)))
    }

    static func errorMessage(_ code: Int32) -> String {
        String(cString: rd_kafka_err2str(rd_kafka_resp_err_t(rawValue: code)))
    }

    static func check(_ err: rd_kafka_resp_err_t, _ operation: String) throws {
        if err != RD_KAFKA_RESP_ERR_NO_ERROR {
            throw KafkaError(code: KafkaErrorCode(rawValue: err.rawValue), operation: operation)
        }
    }

    /// Converts and destroys an `rd_kafka_error_t`, keeping its transactional flags.
    static func consume(_ error: OpaquePointer, operation: String) -> KafkaError {
        defer { rd_kafka_error_destroy(error) }
        return KafkaError(
            code: KafkaErrorCode(rawValue: rd_kafka_error_code(error).rawValue),
            message: rd_kafka_error_string(error).map { String(cString: $0) },
            operation: operation,
            isFatal: rd_kafka_error_is_fatal(error) != 0,
            isRetriable: rd_kafka_error_is_retriable(error) != 0,
            transactionRequiresAbort: rd_kafka_error_txn_requires_abort(error) != 0
        )
    }

    /// Throws if a call returning `rd_kafka_error_t *` failed.
    static func check(_ error: OpaquePointer?, _ operation: String) throws {
        if let error { throw consume(error, operation: operation) }
    }

    /// The thread's last error, for the few calls that report through `rd_kafka_last_error`.
    static func lastError(operation: String) -> KafkaError {
        KafkaError(code: KafkaErrorCode(rawValue: rd_kafka_last_error().rawValue), operation: operation)
    }

    /// An error event; `_FATAL` is replaced by the underlying fatal error.
    static func clientError(rk: OpaquePointer, code: Int32, reason: UnsafePointer<CChar>?) -> KafkaError {
        let message = reason.map { String(cString: $0) }
        if code == KafkaErrorCode.fatal.rawValue {
            var errbuf = [CChar](repeating: 0, count: 512)
            let fatal = rd_kafka_fatal_error(rk, &errbuf, errbuf.count)
            return KafkaError(code: KafkaErrorCode(rawValue: fatal.rawValue), message: string(errbuf), isFatal: true)
        }
        return KafkaError(code: KafkaErrorCode(rawValue: code), message: message)
    }

    static func string(_ buffer: [CChar]) -> String {
        buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }
}
