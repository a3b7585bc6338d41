import Foundation

/// The dashboard's two Mermaid diagrams (GitHub renders both): the dependency graph and a Gantt
/// chart of scheduled content.
public enum Mermaid {
    /// A flowchart of the dependencies of the tasks still to finish (finished ones are history):
    /// arrows point from a dependency to the task waiting for it, nodes are coloured by status. At
    /// most `limit` tasks are drawn, so the diagram stays within what GitHub renders; `omitted`
    /// counts the waiting tasks left out.
    public static func dependencyGraph(_ state: QueueState, limit: Int = 120) -> (text: String, omitted: Int) {
        let waiting = state.tasks.values.filter { !$0.dependsOn.isEmpty && !isFinished($0) }.sorted { $0.id < $1.id }
        var involved: Set<String> = [], drawn: [Task] = []
        for task in waiting {
            let adds = Set([task.id] + task.dependsOn).subtracting(involved)
            if involved.count + adds.count > limit { break }
            involved.formUnion(adds)
            drawn.append(task)
        }
        var lines = ["flowchart LR"]
        for id in involved.sorted() {
            let status = state.tasks[id]?.status.rawValue ?? "missing"
            lines.append("  \(node(id))[\"\(id)<br/>\(status)\"]:::\(status)")
        }
        for task in drawn {
            for dep in task.dependsOn { lines.append("  \(node(dep)) --> \(node(task.id))") }
        }
        lines += statusClasses
        return (lines.joined(separator: "\n"), waiting.count - drawn.count)
    }

    /// A node's colours by task status (`missing`: an id that names no task); `chase graph` uses them too.
    static let statusClasses = [
        "  classDef blocked fill:#f8d7da,stroke:#b02a37", "  classDef missing fill:#f8d7da,stroke:#b02a37,stroke-dasharray:4",
        "  classDef in_progress fill:#fff3cd", "  classDef in_review fill:#fff3cd", "  classDef pending fill:#e2e3e5",
        "  classDef complete fill:#d1e7dd", "  classDef approved fill:#d1e7dd", "  classDef scheduled fill:#cfe2ff",
        "  classDef published fill:#d1e7dd", "  classDef cancelled fill:#eeeeee,stroke-dasharray:4",
    ]

    /// Scheduled content from a week before `now` to a month after, by platform: published posts
    /// are `done`, scheduled ones `active`, others (still in work or review) plain. Cancelled tasks
    /// are left out; at most `limit` posts are drawn, the earliest first.
    public static func contentGantt(_ state: QueueState, now: Date, limit: Int = 60) -> (text: String, omitted: Int) {
        let from = now.addingTimeInterval(-7 * 86400), to = now.addingTimeInterval(31 * 86400)
        let all = state.tasks.values.filter { t in
            guard let at = t.scheduledAt, t.status != .cancelled else { return false }
            return at >= from && at < to
        }.sorted { ($0.scheduledAt!, $0.id) < ($1.scheduledAt!, $1.id) }
        let items = Array(all.prefix(limit))
        var lines = ["gantt", "  title Content calendar (UTC)", "  dateFormat YYYY-MM-DD HH:mm", "  axisFormat %m-%d"]
        let byPlatform = Dictionary(grouping: items) { $0.platform ?? $0.contentType ?? "unspecified" }
        for platform in byPlatform.keys.sorted() {
            lines.append("  section \(label(platform))")
            for task in byPlatform[platform]! {
                let tag = task.status == .published ? "done, " : task.status == .scheduled ? "active, " : ""
                let start = String(Timestamp.format(task.scheduledAt!).prefix(16)).replacingOccurrences(of: "T", with: " ")
                lines.append("  \(label(task.id + " " + task.title)) :\(tag)\(node(task.id)), \(start), 1h")
            }
        }
        return (lines.joined(separator: "\n"), all.count - items.count)
    }

    static func isFinished(_ t: Task) -> Bool {
        [.complete, .approved, .scheduled, .published, .cancelled].contains(t.status)
    }

    /// A Mermaid id: letters, digits and underscores.
    static func node(_ id: String) -> String {
        String(id.map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }

    /// Text Mermaid's Gantt syntax cannot misread: no `:`, `;`, `#` or line breaks, at most 60 characters.
    static func label(_ text: String) -> String {
        let cleaned = String(text.map { ":;#\n\r\"".contains($0) ? " " : $0 })
        let words = cleaned.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        return String(words.prefix(60)).trimmingCharacters(in: .whitespaces)
    }
}
