import JSON

extension JSONValue {
    /// How a value reads inside text: strings bare, numbers as written, the rest as JSON.
    package var templateText: String {
        stringValue ?? numberLiteral ?? jsonText
    }
}
