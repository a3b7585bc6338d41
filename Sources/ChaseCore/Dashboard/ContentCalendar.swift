import Foundation

/// The content calendar: every task with `scheduled_at` (cancelled ones left out), by day in UTC.
public struct ContentCalendar: Sendable, Codable, Equatable {
    public struct Item: Sendable, Codable, Equatable {
        public var task: String
        public var title: String
        public var platform: String?
        public var scheduledAt: Date
        public var status: TaskStatus
        public var assignee: Int?
        public var platformPostID: String?
        /// Scheduled, its time has passed, and it is not published yet.
        public var late: Bool
    }

    /// The first day shown and the day after the last (UTC midnights); nil for everything.
    public var from: Date?
    public var to: Date?
    public var items: [Item]

    static var utc: Calendar {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "UTC")!
        return c
    }

    /// Everything, or (`week`) the Monday-to-Sunday week that holds `now`.
    public static func build(_ state: QueueState, now: Date, week: Bool) -> ContentCalendar {
        var from: Date?, to: Date?
        if week {
            let cal = utc
            let today = cal.startOfDay(for: now)
            let weekday = cal.component(.weekday, from: today)  // Sunday = 1
            from = cal.date(byAdding: .day, value: -((weekday + 5) % 7), to: today)
            to = cal.date(byAdding: .day, value: 7, to: from!)
        }
        let items = state.tasks.values
            .compactMap { t -> Item? in
                guard let at = t.scheduledAt, t.status != .cancelled else { return nil }
                if let from, at < from { return nil }
                if let to, at >= to { return nil }
                return Item(task: t.id, title: t.title, platform: t.platform, scheduledAt: at, status: t.status,
                            assignee: t.assignee, platformPostID: t.platformPostID,
                            late: at <= now && t.status != .published)
            }
            .sorted { ($0.scheduledAt, $0.task) < ($1.scheduledAt, $1.task) }
        return ContentCalendar(from: from, to: to, items: items)
    }

    /// Days as headings, one line per item; a week shows its empty days too.
    public func text() -> String {
        let cal = ContentCalendar.utc
        let dayFormat = DateFormatter()
        dayFormat.locale = Locale(identifier: "en_US_POSIX")
        dayFormat.timeZone = TimeZone(identifier: "UTC")
        dayFormat.dateFormat = "EEE yyyy-MM-dd"
        var days: [Date] = []
        if let from, let to {
            var d = from
            while d < to { days.append(d); d = cal.date(byAdding: .day, value: 1, to: d)! }
        } else {
            days = Array(Set(items.map { cal.startOfDay(for: $0.scheduledAt) })).sorted()
        }
        var out = from.map { "Content calendar, week of \(dayFormat.string(from: $0)) (UTC)\n" } ?? "Content calendar (UTC)\n"
        if days.isEmpty { return out + "nothing scheduled\n" }
        for day in days {
            out += dayFormat.string(from: day) + "\n"
            let today = items.filter { cal.isDate($0.scheduledAt, inSameDayAs: day) }
            if today.isEmpty { out += "  —\n" }
            for item in today {
                let time = String(Timestamp.format(item.scheduledAt).dropFirst(11).prefix(5))
                var line = "  \(time)  \(item.task)  \(item.platform ?? "-")  \(item.status.rawValue)"
                if item.late { line += " (late)" }
                line += "  \(item.title)"
                if let post = item.platformPostID { line += "  [\(post)]" }
                out += line + "\n"
            }
        }
        return out
    }
}
