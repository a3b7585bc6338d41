import ChaseCore
import Foundation

/// `chase export --sqlite`: the queue at a branch head, its team and its event history as an
/// SQLite database in the blueprint's schema, for ad-hoc SQL.
public enum QueueExport {
    public struct Summary: Sendable, Codable {
        public var file: String
        public var tasks: Int
        public var reviews: Int
        public var dependencies: Int
        public var calendarItems: Int
        public var events: Int
        public var skippedInvalid: [String]
    }

    public static func write(_ snapshot: QueueSnapshot, to path: String, force: Bool, now: Date) throws -> Summary {
        let fm = FileManager.default
        if fm.fileExists(atPath: path) {
            guard force else { throw ChaseError.exportRefused("\(path) exists; pass --force to replace it") }
            try fm.removeItem(atPath: path)
        }
        let history = try EventHistory.read(snapshot)
        do {
            return try write(snapshot, history: history, to: path, now: now)
        } catch {
            // Never leave half a database behind.
            try? fm.removeItem(atPath: path)
            throw error
        }
    }

    private static func write(_ snapshot: QueueSnapshot, history: [HistoryCommit], to path: String, now: Date) throws -> Summary {
        let state = snapshot.state
        let db = try SQLiteDatabase(path: path, create: true)
        try db.execute("BEGIN")
        try db.execute(QueueSchema.sql)

        try db.insert("INSERT INTO agents VALUES (?, ?, ?, ?, ?, ?)", rows: snapshot.config.agents.map { a in
            [.integer(a.number), .text(a.name), .text(a.role), .integer(a.maxConcurrent),
             .text(a.identities.joined(separator: ",")), .text(a.schedules.joined(separator: ";"))]
        })

        let ids = state.tasks.keys.sorted()
        var rowID: [String: Int] = [:]
        for (i, id) in ids.enumerated() { rowID[id] = i + 1 }
        var taskRows: [[SQLiteValue]] = [], depRows: [[SQLiteValue]] = [], calendarRows: [[SQLiteValue]] = []
        for id in ids {
            let t = state.tasks[id]!
            let bytes = try snapshot.fileBytes(t.path)
            let body = bytes.flatMap { try? FrontMatter.parse($0).body }
            taskRows.append([
                .integer(rowID[id]!), .text(id), .text(t.title), .text(t.type.rawValue), SQLiteValue(t.contentType),
                .integer(Int(t.priority.rawValue.dropFirst())!), SQLiteValue(t.reviewTier), .text(t.status.rawValue),
                SQLiteValue(t.assignee), SQLiteValue(t.created), SQLiteValue(t.output), SQLiteValue(t.scheduledAt),
                SQLiteValue(t.platform), .integer(t.revision), SQLiteValue(t.escalatedAt), SQLiteValue(t.reviewEscalatedAt),
                SQLiteValue(t.platformPostID), .text(t.path), SQLiteValue(body), SQLiteValue(bytes.map { String(decoding: $0, as: UTF8.self) }),
            ])
            for (position, dep) in t.dependsOn.enumerated() {
                depRows.append([.integer(rowID[id]!), SQLiteValue(rowID[dep]), .text(dep), .integer(position),
                                .integer(state.isDone(dep) ? 1 : 0), .null])
            }
            if let at = t.scheduledAt {
                calendarRows.append([.integer(calendarRows.count + 1), .integer(rowID[id]!), .text(id), SQLiteValue(t.platform),
                                     .text(Timestamp.format(at)), .text(t.status.rawValue), SQLiteValue(t.platformPostID)])
            }
        }
        try db.insert("INSERT INTO tasks VALUES (\(placeholders(20)))", rows: taskRows)
        try db.insert("INSERT INTO task_dependencies VALUES (?, ?, ?, ?, ?, ?)", rows: depRows)
        try db.insert("INSERT INTO calendar_items VALUES (?, ?, ?, ?, ?, ?, ?)", rows: calendarRows)

        var reviewRows: [[SQLiteValue]] = []
        for (i, id) in state.reviews.keys.sorted().enumerated() {
            let r = state.reviews[id]!
            guard let taskRow = rowID[r.task] else { continue }
            let bytes = try snapshot.fileBytes(r.path)
            let body = bytes.flatMap { try? FrontMatter.parse($0).body }
            reviewRows.append([
                .integer(i + 1), .text(id), .integer(taskRow), .text(r.type.rawValue), .integer(r.reviewer),
                .text(r.status.rawValue), .integer(r.revision), SQLiteValue(r.requested), SQLiteValue(r.due),
                SQLiteValue(r.escalatedAt), .text(r.path), SQLiteValue(body), SQLiteValue(bytes.map { String(decoding: $0, as: UTF8.self) }),
            ])
        }
        try db.insert("INSERT INTO reviews VALUES (\(placeholders(13)))", rows: reviewRows)

        let events = history.flatMap(\.events)
        try db.insert("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows: events.enumerated().map { i, e in
            let payload = (try? JSONSerialization.data(withJSONObject: e.payload, options: [.sortedKeys])).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
            return [.integer(i + 1), .text(e.type.rawValue), .text(e.subject), SQLiteValue(e.task), .text(payload),
                    .text(e.author), .text(e.commit), .text(Timestamp.format(e.time))]
        })
        try db.insert("INSERT INTO chase_export VALUES (?, ?)", rows: [
            [.text("branch"), .text(snapshot.branch)], [.text("head"), .text(snapshot.head)],
            [.text("exported_at"), .text(Timestamp.format(now))],
        ])
        try db.execute("COMMIT")
        return Summary(file: path, tasks: taskRows.count, reviews: reviewRows.count, dependencies: depRows.count,
                       calendarItems: calendarRows.count, events: events.count, skippedInvalid: state.invalid.keys.sorted())
    }

    static func placeholders(_ n: Int) -> String { Array(repeating: "?", count: n).joined(separator: ", ") }
}
