import CRdKafka

extension RdKafkaClient {
    /// librdkafka's "unassigned" partition, used in subscription lists.
    private static let unassignedPartition: Int32 = -1

    func subscribe(topics: [String]) throws {
        try Self.withPartitionList(topics.map { KafkaPartitionOffset(topic: $0, partition: Self.unassignedPartition, offset: KafkaOffset.invalid) }) { list in
            try Self.check(rd_kafka_subscribe(handle, list), "subscribe")
        }
        context.noteSubscribed()
    }

    func unsubscribe() throws {
        try Self.check(rd_kafka_unsubscribe(handle), "unsubscribe")
    }

    /// Replaces the whole assignment (manual assignment, no group management).
    func assign(_ offsets: [KafkaPartitionOffset]) throws {
        try Self.withPartitionList(offsets) { list in
            try Self.check(rd_kafka_assign(handle, list), "assign")
        }
    }

    func unassign() throws {
        try Self.check(rd_kafka_assign(handle, nil), "unassign")
    }

    func assignment() throws -> [KafkaTopicPartition] {
        var list: PartitionList?
        try Self.check(rd_kafka_assignment(handle, &list), "assignment")
        guard let list else { return [] }
        defer { rd_kafka_topic_partition_list_destroy(list) }
        return Self.topicPartitions(list)
    }

    /// One call of `rd_kafka_consumer_poll`; serves rebalance and error callbacks too.
    func consumerPoll(timeoutMs: Int32) throws -> KafkaConsumerEvent? {
        let message = rd_kafka_consumer_poll(handle, timeoutMs)
        if let error = context.takeConsumerError() {
            if let message { rd_kafka_message_destroy(message) }
            throw error
        }
        guard let message else { return nil }
        defer { rd_kafka_message_destroy(message) }
        let m = message.pointee
        let topic = m.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? ""
        if m.err == RD_KAFKA_RESP_ERR__PARTITION_EOF {
            return .endOfPartition(KafkaPartitionOffset(topic: topic, partition: m.partition, offset: m.offset))
        }
        if m.err != RD_KAFKA_RESP_ERR_NO_ERROR {
            // For errors the payload is the error string.
            let text = m.payload.map { String(decoding: UnsafeRawBufferPointer(start: $0, count: m.len), as: UTF8.self) }
            let whereText = topic.isEmpty ? "" : " \(topic)[\(m.partition)]"
            throw KafkaError(code: KafkaErrorCode(rawValue: m.err.rawValue), message: text, operation: "poll\(whereText)")
        }
        return .message(Self.makeMessage(message, topic: topic))
    }

    private static func makeMessage(_ message: UnsafeMutablePointer<rd_kafka_message_t>, topic: String) -> KafkaMessage {
        let m = message.pointee
        let key = m.key.map { Array(UnsafeRawBufferPointer(start: $0, count: m.key_len)) }
        let value = m.payload.map { Array(UnsafeRawBufferPointer(start: $0, count: m.len)) }
        var headers: [KafkaHeader] = []
        var list: OpaquePointer?
        if rd_kafka_message_headers(message, &list) == RD_KAFKA_RESP_ERR_NO_ERROR, let list {
            let count = rd_kafka_header_cnt(list)
            headers.reserveCapacity(count)
            for index in 0..<count {
                var name: UnsafePointer<CChar>?
                var bytes: UnsafeRawPointer?
                var size = 0
                guard rd_kafka_header_get_all(list, index, &name, &bytes, &size) == RD_KAFKA_RESP_ERR_NO_ERROR, let name else { continue }
                headers.append(KafkaHeader(key: String(cString: name), value: bytes.map { Array(UnsafeRawBufferPointer(start: $0, count: size)) }))
            }
        }
        var kind = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let milliseconds = rd_kafka_message_timestamp(message, &kind)
        let timestamp: KafkaTimestamp? = switch kind {
        case RD_KAFKA_TIMESTAMP_CREATE_TIME: KafkaTimestamp(milliseconds: milliseconds, kind: .createTime)
        case RD_KAFKA_TIMESTAMP_LOG_APPEND_TIME: KafkaTimestamp(milliseconds: milliseconds, kind: .logAppendTime)
        default: nil
        }
        return KafkaMessage(topic: topic, partition: m.partition, offset: m.offset, key: key, value: value, headers: headers, timestamp: timestamp)
    }

    /// Synchronous commit of explicit offsets.
    func commit(_ offsets: [KafkaPartitionOffset]) throws {
        try Self.withPartitionList(offsets) { list in
            try Self.check(rd_kafka_commit(handle, list, 0), "commit")
            try Self.checkElements(list, "commit")
        }
    }

    func committed(_ partitions: [KafkaTopicPartition], timeoutMs: Int32) throws -> [KafkaPartitionOffset] {
        try Self.withPartitionList(partitions, offset: KafkaOffset.invalid) { list in
            try Self.check(rd_kafka_committed(handle, list, timeoutMs), "committed")
            try Self.checkElements(list, "committed")
            return Self.offsets(list)
        }
    }

    func position(_ partitions: [KafkaTopicPartition]) throws -> [KafkaPartitionOffset] {
        try Self.withPartitionList(partitions, offset: KafkaOffset.invalid) { list in
            try Self.check(rd_kafka_position(handle, list), "position")
            try Self.checkElements(list, "position")
            return Self.offsets(list)
        }
    }

    func seek(_ offsets: [KafkaPartitionOffset], timeoutMs: Int32) throws {
        try Self.withPartitionList(offsets) { list in
            try Self.check(rd_kafka_seek_partitions(handle, list, timeoutMs), "seek")
            try Self.checkElements(list, "seek")
        }
    }

    func pause(_ partitions: [KafkaTopicPartition]) throws {
        try Self.withPartitionList(partitions, offset: KafkaOffset.invalid) { list in
            try Self.check(rd_kafka_pause_partitions(handle, list), "pause")
            try Self.checkElements(list, "pause")
        }
    }

    func resume(_ partitions: [KafkaTopicPartition]) throws {
        try Self.withPartitionList(partitions, offset: KafkaOffset.invalid) { list in
            try Self.check(rd_kafka_resume_partitions(handle, list), "resume")
            try Self.checkElements(list, "resume")
        }
    }

    /// Leaves the group (serving the final revoke through the rebalance callback).
    ///
    /// librdkafka 2.0.2 aborts the process (`rd_kafka_sticky_assignor_state_destroy:
    /// Assertion 'assignor_state' failed`) when a cooperative-sticky consumer is
    /// destroyed after a JoinGroup response but before its first assignment; fixed in
    /// librdkafka 2.3.0 (#4381). A consumer closed during its first join therefore keeps
    /// polling until that assignment arrives (records polled meanwhile are dropped,
    /// uncommitted, so the group redelivers them), for at most `firstAssignmentWaitMs`;
    /// if it still has none, the handle is marked unsafe and `deinit` leaks it.
    func closeConsumer(firstAssignmentWaitMs: Int = 15_000) throws {
        if rd_kafka_consumer_closed(handle) != 0 { return }
        let deadline = ContinuousClock.now + .milliseconds(firstAssignmentWaitMs)
        while context.awaitingFirstAssignment, ContinuousClock.now < deadline {
            if let message = rd_kafka_consumer_poll(handle, 100) { rd_kafka_message_destroy(message) }
        }
        let err = rd_kafka_consumer_close(handle)
        if context.awaitingFirstAssignment { context.markDestroyUnsafe() }
        try Self.check(err, "close")
        if let error = context.takeConsumerError() { throw error }
    }

    var memberID: String? {
        guard let id = rd_kafka_memberid(handle) else { return nil }
        defer { rd_kafka_mem_free(handle, id) }
        let text = String(cString: id)
        return text.isEmpty ? nil : text
    }

    /// The rebalance callback: tells the Swift handler first, then applies the change
    /// with the calls the group's protocol requires (incremental for COOPERATIVE,
    /// whole-assignment for EAGER).
    static func handleRebalance(rk: OpaquePointer, err: rd_kafka_resp_err_t, list: PartitionList, context: RdKafkaCallbackContext) {
        context.noteRebalance()
        let cooperative = rd_kafka_rebalance_protocol(rk).map { String(cString: $0) } == "COOPERATIVE"
        let partitions = topicPartitions(list)
        switch err {
        case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
            if !partitions.isEmpty, let handler = context.rebalanceHandler {
                for start in handler(.assigned(partitions)) {
                    if let element = rd_kafka_topic_partition_list_find(list, start.topic, start.partition) {
                        element.pointee.offset = start.offset
                    }
                }
            }
            if cooperative {
                if let error = rd_kafka_incremental_assign(rk, list) {
                    context.recordConsumerError(consume(error, operation: "rebalance: incremental assign"))
                }
            } else {
                let code = rd_kafka_assign(rk, list)
                if code != RD_KAFKA_RESP_ERR_NO_ERROR {
                    context.recordConsumerError(KafkaError(code: KafkaErrorCode(rawValue: code.rawValue), operation: "rebalance: assign"))
                }
            }
        case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS:
            if !partitions.isEmpty, let handler = context.rebalanceHandler {
                _ = handler(rd_kafka_assignment_lost(rk) != 0 ? .lost(partitions) : .revoked(partitions))
            }
            if cooperative {
                if let error = rd_kafka_incremental_unassign(rk, list) {
                    context.recordConsumerError(consume(error, operation: "rebalance: incremental unassign"))
                }
            } else {
                rd_kafka_assign(rk, nil)
            }
        default:
            // A group error: librdkafka asks for the assignment to be dropped.
            context.recordConsumerError(KafkaError(code: KafkaErrorCode(rawValue: err.rawValue), operation: "rebalance"))
            rd_kafka_assign(rk, nil)
        }
    }
}
