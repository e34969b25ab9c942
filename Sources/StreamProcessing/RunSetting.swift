import Rules

/// One `rulebridge run` setting, declared once (in ``RunSettings``): its key in
/// the configuration file, its command-line flag, its default and its help.
/// Reading the file, reading the flags, `run --help` and the check that
/// rulebridge.yaml documents every setting all follow from it.
package struct RunSetting<Value: Equatable & Sendable>: AnyRunSetting {
    /// The key in the configuration file; a dot separates a section from its key (`http.listen`).
    package let key: String
    /// The command-line flag, without its dashes.
    package let flag: String
    /// What the flag's value is, for `--help` (`DURATION`).
    package let valueName: String
    package let help: String
    package let defaultValue: Value
    /// Set when the default is computed at start (the host name), in words.
    private let computedDefault: String?
    private let keyPath: WritableKeyPath<RunConfiguration, Value> & Sendable
    private let codec: SettingCodec<Value>

    init(
        _ key: String, flag: String? = nil, _ valueName: String, _ keyPath: WritableKeyPath<RunConfiguration, Value> & Sendable,
        default defaultValue: Value, computedDefault: String? = nil, codec: SettingCodec<Value>, help: String
    ) {
        self.key = key
        self.flag = flag ?? key
        self.valueName = valueName
        self.keyPath = keyPath
        self.defaultValue = defaultValue
        self.computedDefault = computedDefault
        self.codec = codec
        self.help = help
    }

    package var shape: SettingInput.Shape { codec.shape }

    package var documentedDefault: String? { computedDefault == nil ? codec.format(defaultValue) : nil }

    package var defaultDescription: String { computedDefault ?? codec.format(defaultValue) }

    package func apply(_ input: SettingInput, to configuration: inout RunConfiguration) throws(SettingError) {
        configuration[keyPath: keyPath] = try codec.parse(input, configuration[keyPath: keyPath])
    }
}

/// What every setting offers, whatever its type.
package protocol AnyRunSetting: Sendable {
    var key: String { get }
    var flag: String { get }
    var valueName: String { get }
    var help: String { get }
    var shape: SettingInput.Shape { get }
    /// The default as the configuration file writes it; nil when it is computed at start.
    var documentedDefault: String? { get }
    /// The default in words, for `--help`.
    var defaultDescription: String { get }
    func apply(_ input: SettingInput, to configuration: inout RunConfiguration) throws(SettingError)
}

/// A setting's value as the file or the flags give it.
package enum SettingInput: Sendable {
    case text(String)
    case list([String])
    case map([(name: String, value: String)])

    package enum Shape: Sendable { case text, list, map }
}

/// Why a value was refused, without saying where it came from (the caller does).
package struct SettingError: Error, CustomStringConvertible {
    package var description: String
}

/// How a setting's text becomes its value and back (for the documented default).
struct SettingCodec<Value: Sendable>: Sendable {
    let shape: SettingInput.Shape
    /// The new value from the input and the value so far (a map merges into it).
    let parse: @Sendable (SettingInput, Value) throws(SettingError) -> Value
    let format: @Sendable (Value) -> String
}

extension SettingCodec {
    /// One text value, refused (with `refusal`) when `read` gives nil.
    static func text(refusal: String, read: @escaping @Sendable (String) -> Value?, format: @escaping @Sendable (Value) -> String) -> Self {
        SettingCodec(shape: .text, parse: { input, _ throws(SettingError) in
            guard case .text(let text) = input, let value = read(text) else { throw SettingError(description: refusal) }
            return value
        }, format: format)
    }
}

extension SettingCodec where Value == String {
    static let string = SettingCodec.text(refusal: "must be a string", read: { $0 }, format: { $0 })
}

extension SettingCodec where Value: RawRepresentable & CaseIterable, Value.RawValue == String {
    /// One of the cases' raw values.
    static var oneOf: Self {
        let names = Value.allCases.map(\.rawValue)
        let expected = names.dropLast().joined(separator: ", ") + (names.count > 1 ? " or " : "") + (names.last ?? "")
        return .text(refusal: "must be \(expected)", read: { Value(rawValue: $0) }, format: \.rawValue)
    }
}

extension SettingCodec where Value == Int64 {
    /// Milliseconds, written with a unit (`100ms`, `30s`, `1m`).
    static let duration = SettingCodec.text(
        refusal: "invalid duration (e.g. 100ms, 30s, 1m)", read: DurationSyntax.milliseconds, format: DurationSyntax.text)
}

extension SettingCodec where Value == Int64? {
    /// A duration, or `off`.
    static let optionalDuration = SettingCodec.text(
        refusal: "invalid duration (e.g. 30s, 1m, or off)",
        read: { $0 == "off" ? .some(nil) : DurationSyntax.milliseconds($0).map { .some($0) } },
        format: { $0.map(DurationSyntax.text) ?? "off" })
}

extension SettingCodec where Value == [String] {
    /// A non-empty list (a YAML sequence, or the flag repeated).
    static let list = SettingCodec(shape: .list, parse: { input, _ throws(SettingError) in
        guard case .list(let items) = input, !items.isEmpty else { throw SettingError(description: "must be a list of names") }
        return items
    }, format: { "[\($0.joined(separator: ", "))]" })
}

extension SettingCodec where Value == [String: String] {
    /// `name: value` pairs, added to those already given.
    static let properties = SettingCodec(shape: .map, parse: { input, current throws(SettingError) in
        guard case .map(let pairs) = input else { throw SettingError(description: "must be a mapping of name: value") }
        return current.merging(pairs.map { ($0.name, $0.value) }) { $1 }
    }, format: { $0.isEmpty ? "{}" : "{" + $0.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}" })
}
