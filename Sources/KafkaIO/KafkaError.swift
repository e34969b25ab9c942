/// An error reported by librdkafka, or by this layer when it refuses a request before
/// librdkafka sees it.
///
/// Every error carries librdkafka's symbolic ``name`` and its message, so a log line is
/// enough to look the failure up. Transactional calls additionally say what the caller
/// has to do next:
/// - ``isFatal``: the producer is unusable (for example fenced by a newer instance with
///   the same `transactional.id`); recreate it.
/// - ``transactionRequiresAbort``: abort the current transaction, then carry on.
/// - ``isRetriable``: the same call may be repeated.
package struct KafkaError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The librdkafka error code.
    package var code: KafkaErrorCode
    /// librdkafka's message for this occurrence (often more specific than the code's).
    package var message: String
    /// What this layer was doing, for example `commitTransaction` or `flush`.
    package var operation: String?
    /// The configuration property at fault, for configuration errors.
    package var property: String?
    /// The client cannot continue; it must be closed and recreated.
    package var isFatal: Bool
    /// Repeating the failed call may succeed.
    package var isRetriable: Bool
    /// The current transaction must be aborted before anything else is done.
    package var transactionRequiresAbort: Bool

    package init(
        code: KafkaErrorCode,
        message: String? = nil,
        operation: String? = nil,
        property: String? = nil,
        isFatal: Bool = false,
        isRetriable: Bool = false,
        transactionRequiresAbort: Bool = false
    ) {
        self.code = code
        self.message = message ?? code.message
        self.operation = operation
        self.property = property
        self.isFatal = isFatal
        self.isRetriable = isRetriable
        self.transactionRequiresAbort = transactionRequiresAbort
    }

    /// librdkafka's symbolic name of ``code``, for example `_MSG_TIMED_OUT`.
    package var name: String { code.name }

    package var description: String {
        var text = ""
        if let operation { text += "\(operation): " }
        if let property { text += "property '\(property)': " }
        text += "\(name): \(message)"
        var flags: [String] = []
        if isFatal { flags.append("fatal") }
        if isRetriable { flags.append("retriable") }
        if transactionRequiresAbort { flags.append("transaction requires abort") }
        if !flags.isEmpty { text += " (\(flags.joined(separator: ", ")))" }
        return text
    }
}
