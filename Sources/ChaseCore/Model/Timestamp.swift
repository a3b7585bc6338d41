import Foundation

/// UTC ISO 8601 timestamps as files hold them (`2026-01-09T09:00:00Z`).
/// Parsed by hand: strict, allocation-free and the same on every platform.
public enum Timestamp {
    /// Parses `YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)`, or a bare `YYYY-MM-DD` as midnight UTC.
    public static func parse(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { parse(bytes: $0) }
    }

    static func parse(bytes b: UnsafeBufferPointer<UInt8>) -> Date? {
        func num(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= b.count else { return nil }
            var v = 0
            for i in from..<(from + count) {
                let c = b[i]
                guard c >= 48 && c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            return v
        }
        guard let year = num(0, 4), b.count >= 10, b[4] == 45, let month = num(5, 2), b[7] == 45,
              let day = num(8, 2), (1...12).contains(month), day >= 1, day <= daysIn(month, year)
        else { return nil }
        var seconds = daysFromCivil(year, month, day) * 86_400
        if b.count == 10 { return Date(timeIntervalSince1970: TimeInterval(seconds)) }
        guard b.count >= 20, b[10] == 84 || b[10] == 116, let h = num(11, 2), b[13] == 58,
              let m = num(14, 2), b[16] == 58, let s = num(17, 2), h < 24, m < 60, s < 61
        else { return nil }
        seconds += h * 3600 + m * 60 + s
        var i = 19
        var fraction = 0.0
        if b[i] == 46 {
            i += 1
            var scale = 0.1
            let start = i
            while i < b.count, b[i] >= 48, b[i] <= 57 { fraction += Double(b[i] - 48) * scale; scale /= 10; i += 1 }
            guard i > start else { return nil }
        }
        guard i < b.count else { return nil }
        if b[i] == 90 || b[i] == 122 {
            guard i + 1 == b.count else { return nil }
        } else if b[i] == 43 || b[i] == 45 {
            guard i + 6 == b.count, let oh = num(i + 1, 2), b[i + 3] == 58, let om = num(i + 4, 2), oh < 24, om < 60
            else { return nil }
            let offset = oh * 3600 + om * 60
            seconds += b[i] == 43 ? -offset : offset
        } else {
            return nil
        }
        return Date(timeIntervalSince1970: TimeInterval(seconds) + fraction)
    }

    /// The one message for a value that is not a time: `--since 'yesterday' is not an ISO 8601 time
    /// like 2026-01-09T10:00:00Z`, where `name` says which value (a flag, a key, a column).
    public static func notATime(_ text: String, name: String) -> String {
        "\(name) '\(text)' is not an ISO 8601 time like 2026-01-09T10:00:00Z"
    }

    /// JSON with every `Date` as `format` writes it: the trailers, the outbox and `--json` share it.
    public static func jsonEncoder(_ formatting: JSONEncoder.OutputFormatting = [.sortedKeys, .withoutEscapingSlashes]) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = formatting
        encoder.dateEncodingStrategy = .custom { date, enc in
            var c = enc.singleValueContainer()
            try c.encode(format(date))
        }
        return encoder
    }

    /// Reads what `jsonEncoder` writes; a time that does not `parse` is a decoding error.
    public static func jsonDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { dec in
            let s = try dec.singleValueContainer().decode(String.self)
            guard let d = parse(s) else {
                throw DecodingError.dataCorrupted(.init(codingPath: dec.codingPath, debugDescription: notATime(s, name: "time")))
            }
            return d
        }
        return decoder
    }

    /// Formats whole seconds in UTC with a `Z`.
    public static func format(_ date: Date) -> String {
        let total = Int(date.timeIntervalSince1970.rounded(.down))
        var days = total / 86_400
        var rest = total % 86_400
        if rest < 0 { rest += 86_400; days -= 1 }
        let (y, mo, d) = civilFromDays(days)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let year = String(y)
        let paddedYear = String(repeating: "0", count: max(0, 4 - year.count)) + year
        return "\(paddedYear)-\(two(mo))-\(two(d))T\(two(rest / 3600)):\(two(rest % 3600 / 60)):\(two(rest % 60))Z"
    }

    private static func daysIn(_ month: Int, _ year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Howard Hinnant's days_from_civil / civil_from_days.
    private static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    private static func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
