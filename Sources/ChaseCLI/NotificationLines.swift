import Chase

/// The tick's notification summary for people: what was sent, kept for retry, given up or queued.
enum NotificationLines {
    static func render(_ n: NotificationReport) -> [String] {
        var parts: [String] = []
        if !n.delivered.isEmpty { parts.append("\(n.delivered.count) sent") }
        if !n.kept.isEmpty { parts.append("\(n.kept.count) kept for retry") }
        if !n.gaveUp.isEmpty { parts.append("\(n.gaveUp.count) given up") }
        if !n.queued.isEmpty { parts.append("\(n.queued.count) queued in the outbox") }
        if n.annotations > 0 { parts.append("\(n.annotations) annotated") }
        var lines: [String] = []
        if !parts.isEmpty {
            lines.append("notifications: " + parts.joined(separator: ", ") + (n.commit.map { " (outbox commit \($0.prefix(7)))" } ?? ""))
        }
        for key in n.kept.keys.sorted() { lines.append("  kept \(key): \(n.kept[key]!)") }
        lines += n.notes.map { "note: \($0)" }
        return lines
    }
}
