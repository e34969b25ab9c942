/// RFC 3339 date-times (`2026-03-01T01:34:48Z`, `2026-03-01T03:34:48.250+02:00`)
/// to and from milliseconds since the Unix epoch, by hand: event time is read
/// for every event, and Foundation's formatters cost microseconds and
/// allocate.
package enum RFC3339 {
    /// Milliseconds since the epoch for an RFC 3339 `date-time`, or nil when
    /// the text is not one. Follows section 5.6's grammar: `T` or `t` between
    /// date and time, `Z`, `z` or a `±hh:mm` offset, any number of fraction
    /// digits (truncated to milliseconds), second 60 accepted as a leap
    /// second (counted as the next minute's first, as POSIX time does).
    /// Day-of-month is checked against the month and leap years.
    package static func milliseconds(_ text: UnsafeBufferPointer<UInt8>) -> Int64? {
        let n = text.count
        guard n >= 20 else { return nil }
        func digits(_ at: Int, _ count: Int) -> Int? {
            var value = 0
            for k in at..<(at + count) {
                let d = text[k] &- UInt8(ascii: "0")
                guard d < 10 else { return nil }
                value = value * 10 + Int(d)
            }
            return value
        }
        guard let year = digits(0, 4), text[4] == UInt8(ascii: "-"),
            let month = digits(5, 2), text[7] == UInt8(ascii: "-"),
            let day = digits(8, 2), text[10] | 0x20 == UInt8(ascii: "t"),
            let hour = digits(11, 2), text[13] == UInt8(ascii: ":"),
            let minute = digits(14, 2), text[16] == UInt8(ascii: ":"),
            let second = digits(17, 2)
        else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year),
            hour <= 23, minute <= 59, second <= 60
        else { return nil }

        var i = 19
        var millis = 0
        if text[i] == UInt8(ascii: ".") {
            i += 1
            let first = i
            while i < n, text[i] &- UInt8(ascii: "0") < 10 {
                if i - first < 3 { millis = millis * 10 + Int(text[i] &- UInt8(ascii: "0")) }
                i += 1
            }
            guard i > first else { return nil }
            for _ in min(i - first, 3)..<3 { millis *= 10 }
        }
        guard i < n else { return nil }
        var offsetSeconds = 0
        switch text[i] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            i += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard i + 6 <= n, let offsetHour = digits(i + 1, 2), text[i + 3] == UInt8(ascii: ":"),
                let offsetMinute = digits(i + 4, 2), offsetHour <= 23, offsetMinute <= 59
            else { return nil }
            offsetSeconds = (offsetHour * 60 + offsetMinute) * 60
            if text[i] == UInt8(ascii: "-") { offsetSeconds = -offsetSeconds }
            i += 6
        default:
            return nil
        }
        guard i == n else { return nil }
        let days = daysSinceEpoch(year: year, month: month, day: day)
        let seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second - offsetSeconds)
        return seconds * 1000 + Int64(millis)
    }

    package static func milliseconds(_ text: some Collection<UInt8>) -> Int64? {
        if let result = text.withContiguousStorageIfAvailable({ milliseconds($0) }) { return result }
        return Array(text).withUnsafeBufferPointer { milliseconds($0) }
    }

    package static func milliseconds(_ text: String) -> Int64? {
        milliseconds(Array(text.utf8))
    }

    /// `milliseconds` as UTC text: `2026-03-01T01:34:48Z`, with `.SSS` only
    /// when the milliseconds are not zero (the shape EventBridge writes).
    package static func format(milliseconds: Int64) -> String {
        let millis = Int(((milliseconds % 1000) + 1000) % 1000)
        let seconds = (milliseconds - Int64(millis)) / 1000
        let secondOfDay = Int(((seconds % 86_400) + 86_400) % 86_400)
        let days = Int((seconds - Int64(secondOfDay)) / 86_400)
        let (year, month, day) = civil(daysSinceEpoch: days)
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        var out = "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T"
        out += "\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2))"
        if millis != 0 { out += ".\(pad(millis, 3))" }
        return out + "Z"
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days from 1970-01-01 in the proleptic Gregorian calendar, counting in
    /// 400-year eras so the arithmetic needs no tables.
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The inverse of `daysSinceEpoch`.
    static func civil(daysSinceEpoch days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
