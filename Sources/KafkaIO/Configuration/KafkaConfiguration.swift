/// librdkafka properties shared by producers and consumers: brokers, client id,
/// security (SASL, TLS), timeouts, debugging.
///
/// Properties are passed to librdkafka verbatim, so anything in librdkafka's
/// CONFIGURATION.md works — for example a config file's `kafka:` map with
/// `security.protocol: SASL_SSL`, `sasl.mechanisms: SCRAM-SHA-512`,
/// `ssl.ca.location: …`. An unknown property or a bad value is reported when a client is
/// created, as a ``KafkaError`` naming the property.
package struct KafkaConfiguration: Hashable, Sendable {
    /// librdkafka property name → value.
    package var properties: [String: String]

    package init(properties: [String: String] = [:]) {
        self.properties = properties
    }

    /// A configuration for the given `host:port[,host:port…]` list.
    package init(bootstrapServers: String, properties: [String: String] = [:]) {
        self.properties = properties
        self.bootstrapServers = bootstrapServers
    }

    /// `bootstrap.servers`: the brokers contacted first, `host:port` separated by commas.
    package var bootstrapServers: String? {
        get { properties["bootstrap.servers"] }
        set { properties["bootstrap.servers"] = newValue }
    }

    /// `client.id`: a name that appears in broker logs and quotas.
    package var clientID: String? {
        get { properties["client.id"] }
        set { properties["client.id"] = newValue }
    }

    /// Any librdkafka property.
    package subscript(property: String) -> String? {
        get { properties[property] }
        set { properties[property] = newValue }
    }
}
