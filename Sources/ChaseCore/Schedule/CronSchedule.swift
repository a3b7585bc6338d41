import Foundation

/// A 5-field cron expression in UTC (`minute hour day-of-month month day-of-week`), as the config's
/// agent schedules and GitHub Actions' `schedule` write them: `*`, numbers, ranges `a-b`, steps
/// `*/n` and `a-b/n`, lists, month and weekday names (`JAN`, `MON`), and 7 for Sunday. As in
/// Vixie cron, when both day fields are restricted a day matching either one matches.
public struct CronSchedule: Sendable, Equatable, CustomStringConvertible {
    public let description: String
    let minutes: Set<Int>, hours: Set<Int>, days: Set<Int>, months: Set<Int>, weekdays: Set<Int>
    let anyDay: Bool, anyWeekday: Bool

    /// Why an expression is not a cron expression, said so it can be fixed.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
    }

    public init(_ text: String) throws(ParseError) {
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard fields.count == 5 else {
            throw ParseError(description: "'\(text)' has \(fields.count) field\(fields.count == 1 ? "" : "s"); "
                + "a cron expression has 5: minute hour day-of-month month day-of-week")
        }
        description = fields.joined(separator: " ")
        minutes = try Self.field(fields[0], "minute", 0...59, names: [])
        hours = try Self.field(fields[1], "hour", 0...23, names: [])
        days = try Self.field(fields[2], "day-of-month", 1...31, names: [])
        months = try Self.field(fields[3], "month", 1...12, names: Self.monthNames)
        // 7 is Sunday too; it is folded into 0 after parsing.
        let weekdays = try Self.field(fields[4], "day-of-week", 0...7, names: Self.weekdayNames)
        self.weekdays = weekdays.contains(7) ? weekdays.subtracting([7]).union([0]) : weekdays
        anyDay = fields[2].hasPrefix("*")
        anyWeekday = fields[4].hasPrefix("*")
    }

    /// Whether the minute holding `date` (UTC) is one of the schedule's.
    public func matches(_ date: Date) -> Bool {
        let t = Self.fields(of: date)
        return minutes.contains(t.minute) && hours.contains(t.hour) && dayMatches(t)
    }

    /// The first scheduled minute after `from`, up to and including `to`; nil when there is none.
    public func firstMatch(after from: Date, through to: Date) -> Date? {
        // Start at the first whole minute after `from`; skip whole days and hours that cannot match.
        var t = (from.timeIntervalSince1970 / 60).rounded(.down) * 60 + 60
        let end = to.timeIntervalSince1970
        while t <= end {
            let f = Self.fields(of: Date(timeIntervalSince1970: t))
            if !dayMatches(f) {
                t += Double(86_400 - (f.hour * 3600 + f.minute * 60))
            } else if !hours.contains(f.hour) {
                t += Double(3600 - f.minute * 60)
            } else if !minutes.contains(f.minute) {
                t += 60
            } else {
                return Date(timeIntervalSince1970: t)
            }
        }
        return nil
    }

    private func dayMatches(_ t: Moment) -> Bool {
        guard months.contains(t.month) else { return false }
        let day = days.contains(t.day), weekday = weekdays.contains(t.weekday)
        if anyDay || anyWeekday { return (anyDay || day) && (anyWeekday || weekday) }
        return day || weekday
    }

    struct Moment { var minute: Int, hour: Int, day: Int, month: Int, weekday: Int }

    static func fields(of date: Date) -> Moment {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        var days = seconds / 86_400, rest = seconds % 86_400
        if rest < 0 { rest += 86_400; days -= 1 }
        // 1970-01-01 was a Thursday (4).
        let weekday = ((days % 7) + 7 + 4) % 7
        // Month and day from the calendar date Timestamp already computes (YYYY-MM-DD…).
        let stamp = Timestamp.format(Date(timeIntervalSince1970: Double(days * 86_400))).utf8
        let month = Int(String(stamp.dropFirst(5).prefix(2))!)!, day = Int(String(stamp.dropFirst(8).prefix(2))!)!
        return Moment(minute: rest % 3600 / 60, hour: rest / 3600, day: day, month: month, weekday: weekday)
    }

    static let monthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
    static let weekdayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]

    private static func field(_ text: String, _ name: String, _ range: ClosedRange<Int>, names: [String]) throws(ParseError) -> Set<Int> {
        func fail(_ why: String) -> ParseError { ParseError(description: "\(name) field '\(text)': \(why)") }
        func value(_ s: Substring) throws(ParseError) -> Int {
            if let n = Int(s) {
                guard range.contains(n) else { throw fail("\(n) is outside \(range.lowerBound)-\(range.upperBound)") }
                return n
            }
            // Names count from the range's start: JAN = 1, SUN = 0.
            if let i = names.firstIndex(of: s.uppercased()) { return range.lowerBound + i }
            throw fail("'\(s)' is not a number\(names.isEmpty ? "" : " or a name like \(names[0])")")
        }
        var out: Set<Int> = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let parts = item.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count <= 2, !parts[0].isEmpty else { throw fail("'\(item)' is not a value, range or step") }
            var step = 1
            if parts.count == 2 {
                guard let n = Int(parts[1]), n > 0 else { throw fail("step '\(parts[1])' must be a whole number above 0") }
                step = n
            }
            let low: Int, high: Int
            if parts[0] == "*" {
                (low, high) = (range.lowerBound, range.upperBound)
            } else {
                let bounds = parts[0].split(separator: "-", omittingEmptySubsequences: false)
                guard bounds.count <= 2, !bounds.contains(where: \.isEmpty) else { throw fail("'\(parts[0])' is not a value or range") }
                low = try value(bounds[0])
                // `5/15` means from 5 to the end in steps of 15.
                high = bounds.count == 2 ? try value(bounds[1]) : (parts.count == 2 ? range.upperBound : low)
                guard low <= high else { throw fail("range \(parts[0]) runs backwards") }
            }
            out.formUnion(stride(from: low, through: high, by: step))
        }
        return out
    }
}
