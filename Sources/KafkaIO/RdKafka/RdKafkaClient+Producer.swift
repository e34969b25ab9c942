import CRdKafka

extension RdKafkaClient {
    /// A pointer for "present but empty" keys and values: librdkafka treats a NULL
    /// pointer as a null key / null value (a tombstone), which an empty array is not.
    nonisolated(unsafe) private static let emptyBytes = UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 1)

    /// Enqueues one message with `rd_kafka_produceva` (the variadic `producev` is not
    /// callable from Swift). librdkafka copies key, value and headers
    /// (`RD_KAFKA_MSG_F_COPY`), so nothing here must outlive the call. A full local queue
    /// is waited out by serving delivery reports, which is what frees it.
    func produce(topic: String, partition: Int32, key: [UInt8]?, value: [UInt8]?, headers: [KafkaHeader], timestamp: Int64?) throws {
        context.willProduce()
        var enqueued = false
        defer { if !enqueued { context.didNotProduce() } }

        while true {
            // Headers go as one list (RD_KAFKA_VTYPE_HEADERS) that librdkafka owns once the
            // call succeeds and we free when it fails. Passed one by one instead, 2.0.2
            // frees them twice when a produce fails on a topic it sees without partitions
            // (e.g. after TOPIC_AUTHORIZATION_FAILED; librdkafka #4627) and the process dies.
            let list: OpaquePointer? = headers.isEmpty ? nil : Self.headerList(headers)
            let error: OpaquePointer? = topic.withCString { topicName in
                Self.withBytes(key) { keyPointer, keyCount in
                    Self.withBytes(value) { valuePointer, valueCount in
                        // At most topic, partition, flags, key, value, timestamp and the
                        // header list: on the stack, no allocation per record.
                        withUnsafeTemporaryAllocation(of: rd_kafka_vu_t.self, capacity: 7) { vus in
                            var count = 0
                            func add(_ type: rd_kafka_vtype_t, _ fill: (inout rd_kafka_vu_t) -> Void) {
                                var vu = rd_kafka_vu_t()
                                vu.vtype = type
                                fill(&vu)
                                (vus.baseAddress! + count).initialize(to: vu)
                                count += 1
                            }
                            add(RD_KAFKA_VTYPE_TOPIC) { $0.u.cstr = topicName }
                            add(RD_KAFKA_VTYPE_PARTITION) { $0.u.i32 = partition }
                            add(RD_KAFKA_VTYPE_MSGFLAGS) { $0.u.i = RD_KAFKA_MSG_F_COPY }
                            if let keyPointer {
                                add(RD_KAFKA_VTYPE_KEY) { $0.u.mem.ptr = keyPointer; $0.u.mem.size = keyCount }
                            }
                            if let valuePointer {
                                add(RD_KAFKA_VTYPE_VALUE) { $0.u.mem.ptr = valuePointer; $0.u.mem.size = valueCount }
                            }
                            if let timestamp {
                                add(RD_KAFKA_VTYPE_TIMESTAMP) { $0.u.i64 = timestamp }
                            }
                            if let list {
                                add(RD_KAFKA_VTYPE_HEADERS) { $0.u.headers = list }
                            }
                            defer { vus.baseAddress!.deinitialize(count: count) }
                            return rd_kafka_produceva(handle, vus.baseAddress, count)
                        }
                    }
                }
            }
            guard let error else { break }
            if let list { rd_kafka_headers_destroy(list) }
            if rd_kafka_error_code(error) == RD_KAFKA_RESP_ERR__QUEUE_FULL {
                rd_kafka_error_destroy(error)
                rd_kafka_poll(handle, 10)
                continue
            }
            throw Self.consume(error, operation: "produce(\(topic))")
        }
        enqueued = true
        // Serve delivery reports as we go, so they are counted without a poll thread.
        rd_kafka_poll(handle, 0)
    }

    /// A librdkafka header list with copies of `headers` (a nil value stays null).
    private static func headerList(_ headers: [KafkaHeader]) -> OpaquePointer {
        let list = rd_kafka_headers_new(headers.count)!
        for header in headers {
            header.key.withCString { name in
                if let bytes = header.value {
                    _ = bytes.withUnsafeBytes { rd_kafka_header_add(list, name, -1, $0.baseAddress ?? UnsafeRawPointer(emptyBytes), $0.count) }
                } else {
                    _ = rd_kafka_header_add(list, name, -1, nil, 0)
                }
            }
        }
        return list
    }

    private static func withBytes<R>(_ bytes: [UInt8]?, _ body: (UnsafeMutableRawPointer?, Int) -> R) -> R {
        guard let bytes else { return body(nil, 0) }
        if bytes.isEmpty { return body(emptyBytes, 0) }
        return bytes.withUnsafeBytes { body(UnsafeMutableRawPointer(mutating: $0.baseAddress!), $0.count) }
    }

    /// Waits until every enqueued message has a delivery report, serving the reports.
    func flush(timeoutMs: Int32) throws {
        let err = rd_kafka_flush(handle, timeoutMs)
        if err == RD_KAFKA_RESP_ERR__TIMED_OUT {
            throw KafkaError(code: .timedOut, message: "\(outqLength) message(s) or request(s) still in flight", operation: "flush")
        }
        try Self.check(err, "flush")
    }

    /// Called by librdkafka (from `poll`/`flush`) once per message.
    static func handleDeliveryReport(_ message: UnsafePointer<rd_kafka_message_t>, context: RdKafkaCallbackContext) {
        let err = message.pointee.err
        if err == RD_KAFKA_RESP_ERR_NO_ERROR {
            context.recordDelivery()
            return
        }
        let topic = message.pointee.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? "?"
        context.recordDeliveryFailure(KafkaError(
            code: KafkaErrorCode(rawValue: err.rawValue),
            operation: "delivery to \(topic)[\(message.pointee.partition)]"
        ))
    }
}
