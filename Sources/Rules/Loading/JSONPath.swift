import JSON

/// A path into an event, as EventBridge input transformers write them:
/// `$.detail.instance-id`, `$.resources[0]`, `$.detail['Subnet ID']`, `$`.
package struct JSONPath: Hashable, Sendable, CustomStringConvertible {
    package enum Step: Hashable, Sendable {
        case key(String)
        case index(Int)
    }

    package let steps: [Step]
    package let description: String

    package init?(_ text: String) {
        guard text.hasPrefix("$") else { return nil }
        var steps: [Step] = []
        var rest = text.dropFirst()
        while let c = rest.first {
            if c == "." {
                rest = rest.dropFirst()
                let key = rest.prefix { $0 != "." && $0 != "[" }
                guard !key.isEmpty else { return nil }
                steps.append(.key(String(key)))
                rest = rest.dropFirst(key.count)
            } else if c == "[" {
                rest = rest.dropFirst()
                if let q = rest.first, q == "'" || q == "\"" {
                    rest = rest.dropFirst()
                    guard let end = rest.firstIndex(of: q) else { return nil }
                    steps.append(.key(String(rest[..<end])))
                    rest = rest[rest.index(after: end)...]
                } else {
                    let digits = rest.prefix { $0.isASCII && $0.isNumber }
                    guard let i = Int(digits) else { return nil }
                    steps.append(.index(i))
                    rest = rest.dropFirst(digits.count)
                }
                guard rest.first == "]" else { return nil }
                rest = rest.dropFirst()
            } else {
                return nil
            }
        }
        self.steps = steps
        self.description = text
    }

    /// The object keys along the path, indexes left out: the field path a
    /// scanner extracts for it.
    package var keys: [String] {
        steps.compactMap { if case .key(let k) = $0 { k } else { nil } }
    }

    /// The value at this path in `value`, or nil.
    package func resolve(in value: JSONValue) -> JSONValue? {
        var here = value
        for step in steps {
            let next: JSONValue? =
                switch step {
                case .key(let k): here[k]
                case .index(let i): here[i]
                }
            guard let next else { return nil }
            here = next
        }
        return here
    }
}
