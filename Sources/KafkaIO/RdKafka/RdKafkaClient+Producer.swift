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
        // Header names (NUL-terminated) and values, packed into one buffer so that all
        // pointers stay valid for the one call.
        var packed: [UInt8] = []
        var layout: [(name: Int, value: Int, size: Int)] = []  // size -1: null value
        if !headers.isEmpty {
            layout.reserveCapacity(headers.count)
            for header in headers {
                let name = packed.count
                packed.append(contentsOf: header.key.utf8)
                packed.append(0)
                let valueOffset = packed.count
                if let bytes = header.value { packed.append(contentsOf: bytes) }
                layout.append((name, valueOffset, header.value?.count ?? -1))
            }
            packed.append(0)  // never empty, so the base address is never nil
        }

        context.willProduce()
        var enqueued = false
        defer { if !enqueued { context.didNotProduce() } }

        while true {
            let error: OpaquePointer? = topic.withCString { topicName in
                Self.withBytes(key) { keyPointer, keyCount in
                    Self.withBytes(value) { valuePointer, valueCount in
                        packed.withUnsafeBufferPointer { headerBytes in
                            // At most topic, partition, flags, key, value, timestamp and
                            // the headers: on the stack, no allocation per record.
                            withUnsafeTemporaryAllocation(of: rd_kafka_vu_t.self, capacity: 6 + layout.count) { vus in
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
                                if let base = headerBytes.baseAddress {
                                    for entry in layout {
                                        add(RD_KAFKA_VTYPE_HEADER) {
                                            $0.u.header.name = UnsafeRawPointer(base + entry.name).assumingMemoryBound(to: CChar.self)
                                            $0.u.header.val = entry.size < 0 ? nil : UnsafeRawPointer(base + entry.value)
                                            $0.u.header.size = entry.size < 0 ? 0 : entry.size
                                        }
                                    }
                                }
                                defer { vus.baseAddress!.deinitialize(count: count) }
                                return rd_kafka_produceva(handle, vus.baseAddress, count)
                            }
                        }
                    }
                }
            }
            guard let error else { break }
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
