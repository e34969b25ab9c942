import EventPatterns
import Events
import JSON

func fieldPaths(_ paths: [[String]]) -> FieldPaths {
    var result = FieldPaths()
    for path in paths { result.insert(path) }
    return result
}

/// Scans `json` with a scanner for `paths` and returns the fields that are not envelope fields.
func scanned(_ json: String, _ paths: [[String]] = []) throws -> [FlatField] {
    try scanned(Array(json.utf8), paths)
}

func scanned(_ bytes: [UInt8], _ paths: [[String]] = []) throws -> [FlatField] {
    var scanner = EventScanner(paths: fieldPaths(paths))
    var fields = EventFields()
    try scanner.scan(bytes, into: &fields)
    let envelope = Set(EnvelopeField.allCases.map { [$0.rawValue] })
    return fields.flat(scanner.paths).filter { !envelope.contains($0.path) || paths.contains($0.path) }
}

/// The error scanning `json` throws, or nil when it is accepted.
func scanError(_ json: String, _ paths: [[String]] = []) -> EventDecodingError? {
    scanError(Array(json.utf8), paths)
}

func scanError(_ bytes: [UInt8], _ paths: [[String]] = []) -> EventDecodingError? {
    var scanner = EventScanner(paths: fieldPaths(paths))
    var fields = EventFields()
    do {
        try scanner.scan(bytes, into: &fields)
        return nil
    } catch {
        return error
    }
}

/// The error parsing `bytes` as a whole document throws, or nil when it is accepted.
func parseError(_ bytes: [UInt8]) -> JSONSyntaxError? {
    do {
        _ = try JSONValue.parse(bytes)
        return nil
    } catch {
        return error
    }
}

/// The fields a parsed document yields for `paths` (the scanner's contract).
func flattened(_ json: String, _ paths: [[String]]) throws -> [FlatField] {
    let paths = fieldPaths(paths)
    return EventFields(flattening: try JSONValue.parse(json), paths: paths).flat(paths)
}
