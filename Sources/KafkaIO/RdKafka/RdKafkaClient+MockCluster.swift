import CRdKafka

/// librdkafka's mock cluster (`rdkafka_mock.h`), for a client made by
/// ``RdKafkaClient/makeMockClusterHost(brokers:properties:)``.
extension RdKafkaClient {
    private var cluster: OpaquePointer {
        guard let mockCluster else { preconditionFailure("not a mock cluster host") }
        return mockCluster
    }

    var mockBootstrapServers: String {
        String(cString: rd_kafka_mock_cluster_bootstraps(cluster))
    }

    func mockCreateTopic(_ name: String, partitions: Int32, replicationFactor: Int32) throws {
        try Self.check(rd_kafka_mock_topic_create(cluster, name, partitions, replicationFactor), "createTopic(\(name))")
    }

    func mockSetBroker(_ id: Int32, up: Bool) throws {
        let err = up ? rd_kafka_mock_broker_set_up(cluster, id) : rd_kafka_mock_broker_set_down(cluster, id)
        try Self.check(err, up ? "setBrokerUp(\(id))" : "setBrokerDown(\(id))")
    }

    func mockSetRoundTripTime(_ id: Int32, milliseconds: Int32) throws {
        try Self.check(rd_kafka_mock_broker_set_rtt(cluster, id, milliseconds), "setRoundTripTime(\(id))")
    }

    func mockPushRequestErrors(apiKey: Int16, errors: [Int32]) {
        let codes = errors.map { rd_kafka_resp_err_t(rawValue: $0) }
        rd_kafka_mock_push_request_errors_array(cluster, apiKey, codes.count, codes)
    }

    func mockClearRequestErrors(apiKey: Int16) {
        rd_kafka_mock_clear_request_errors(cluster, apiKey)
    }

    func mockSetPartitionLeader(topic: String, partition: Int32, broker: Int32) throws {
        try Self.check(rd_kafka_mock_partition_set_leader(cluster, topic, partition, broker), "setPartitionLeader(\(topic)[\(partition)])")
    }

    func mockSetCoordinator(keyType: String, key: String, broker: Int32) throws {
        try Self.check(rd_kafka_mock_coordinator_set(cluster, keyType, key, broker), "setCoordinator(\(keyType) \(key))")
    }
}
