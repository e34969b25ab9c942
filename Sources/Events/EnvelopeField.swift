/// A top-level field of the EventBridge envelope; the raw value is its JSON key.
package enum EnvelopeField: String, CaseIterable, Hashable, Sendable {
    case version
    case id
    case detailType = "detail-type"
    case source
    case account
    case time
    case region
    case resources

    /// Whether DESIGN.md's dead-letter rule requires the field.
    package var isRequired: Bool {
        switch self {
        case .id, .source, .detailType, .time: return true
        case .version, .account, .region, .resources: return false
        }
    }
}
