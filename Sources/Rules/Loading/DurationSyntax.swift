/// Durations in rule files: `250ms`, `90s`, `5m`, `1h`, `2h30m`, `1d`.
/// A bare number is rejected: a unit left out is a mistake waiting to page someone.
package enum DurationSyntax {
    package static func milliseconds(_ text: String) -> Int64? {
        var total: Int64 = 0
        var digits: Int64? = nil
        var rest = Substring(text)
        var sawUnit = false
        while let c = rest.first {
            if let d = c.wholeNumberValue, c.isASCII {
                let (m, o1) = (digits ?? 0).multipliedReportingOverflow(by: 10)
                let (s, o2) = m.addingReportingOverflow(Int64(d))
                if o1 || o2 { return nil }
                digits = s
                rest = rest.dropFirst()
                continue
            }
            guard let n = digits else { return nil }
            let unit: Int64
            if rest.hasPrefix("ms") { unit = 1; rest = rest.dropFirst(2) }
            else if c == "s" { unit = 1_000; rest = rest.dropFirst() }
            else if c == "m" { unit = 60_000; rest = rest.dropFirst() }
            else if c == "h" { unit = 3_600_000; rest = rest.dropFirst() }
            else if c == "d" { unit = 86_400_000; rest = rest.dropFirst() }
            else { return nil }
            let (v, o) = n.multipliedReportingOverflow(by: unit)
            if o { return nil }
            total += v
            digits = nil
            sawUnit = true
        }
        return sawUnit && digits == nil ? total : nil
    }

    /// The shortest text that parses back to `ms`, for messages and summaries.
    package static func text(_ ms: Int64) -> String {
        if ms == 0 { return "0s" }
        var rest = ms
        var out = ""
        for (unit, name) in [(Int64(86_400_000), "d"), (3_600_000, "h"), (60_000, "m"), (1_000, "s"), (1, "ms")] where rest >= unit {
            out += "\(rest / unit)\(name)"
            rest %= unit
        }
        return out
    }
}
