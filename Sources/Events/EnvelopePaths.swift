import EventPatterns

/// The path ids of the EventBridge envelope fields in one `FieldPaths`.
///
/// `EventScanner` inserts these paths into its copy of the pattern paths, so
/// every scan yields the envelope alongside what patterns read, and
/// `EventEnvelope` finds the fields by id without comparing names.
package struct EnvelopePaths: Hashable, Sendable {
    package let version: Int32
    package let id: Int32
    package let detailType: Int32
    package let source: Int32
    package let account: Int32
    package let time: Int32
    package let region: Int32
    /// An array of strings in a valid envelope.
    package let resources: Int32

    /// Inserts the envelope paths into `paths` (ids of paths already there stay as they are).
    package init(inserting paths: inout FieldPaths) {
        version = paths.insert([EnvelopeField.version.rawValue])
        id = paths.insert([EnvelopeField.id.rawValue])
        detailType = paths.insert([EnvelopeField.detailType.rawValue])
        source = paths.insert([EnvelopeField.source.rawValue])
        account = paths.insert([EnvelopeField.account.rawValue])
        time = paths.insert([EnvelopeField.time.rawValue])
        region = paths.insert([EnvelopeField.region.rawValue])
        resources = paths.insert([EnvelopeField.resources.rawValue])
    }

    /// The envelope field that path id `path` names, if any.
    @inline(__always)
    package func field(for path: Int32) -> EnvelopeField? {
        switch path {
        case id: return .id
        case source: return .source
        case detailType: return .detailType
        case time: return .time
        case account: return .account
        case region: return .region
        case resources: return .resources
        case version: return .version
        default: return nil
        }
    }
}
