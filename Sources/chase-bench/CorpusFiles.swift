import ChaseCore
import Foundation

/// One generated task file: its values and how a person or agent happened to write them (key
/// order, quoting, comments, unknown keys, line endings). Rendering the same draft twice gives the
/// same bytes, so an edit of one value changes one line, as a real edit does.
struct TaskDraft {
    var id: String
    var title: String
    var type: TaskType
    var contentType: String?
    var priority: Priority
    var tier: Int?
    var status: TaskStatus
    var assignee: Int?
    var dependsOn: [String] = []
    var created: Date?
    var output: String?
    var scheduledAt: Date?
    var platform: String?
    var postID: String?
    var revision = 1
    var escalatedAt: Date?
    var reviewEscalatedAt: Date?

    // How it is written.
    var order: Int = 0
    var quoteTitle = false
    var singleQuoteTitle = false
    var blockDependsOn = false
    var comment: (key: String, text: String)?
    var headerComment: String?
    var unknownKeys: [(String, String)] = []
    /// A value libyaml refuses (`assignee: @agent-02`): the kind of file real queues hold.
    var brokenAssignee = false
    var crlf = false
    var bom = false
    var body: String

    var path: String { "queue/\(id).md" }

    static let orders: [[String]] = [
        ["id", "title", "type", "content_type", "priority", "review_tier", "status", "assignee", "depends_on", "created",
         "output", "scheduled_at", "platform", "platform_post_id", "revision", "escalated_at", "review_escalated_at"],
        ["id", "title", "type", "content_type", "priority", "review_tier", "status", "depends_on", "created", "output",
         "scheduled_at", "platform", "platform_post_id", "assignee", "revision", "escalated_at", "review_escalated_at"],
        ["id", "title", "type", "priority", "status", "assignee", "created", "content_type", "review_tier", "depends_on",
         "output", "platform", "scheduled_at", "platform_post_id", "escalated_at", "review_escalated_at", "revision"],
        ["id", "type", "content_type", "title", "priority", "review_tier", "status", "assignee", "created", "depends_on",
         "output", "scheduled_at", "platform", "platform_post_id", "revision", "escalated_at", "review_escalated_at"],
    ]

    func value(of key: String) -> String? {
        switch key {
        case "id": return id
        case "title":
            if singleQuoteTitle { return "'" + title.replacingOccurrences(of: "'", with: "''") + "'" }
            return quoteTitle ? "\"\(title)\"" : title
        case "type": return type.rawValue
        case "content_type": return contentType
        case "priority": return priority.rawValue
        case "review_tier": return tier.map(String.init)
        case "status": return status.rawValue
        case "assignee":
            if brokenAssignee { return "@agent-0\(assignee ?? 0)" }
            return assignee.map(String.init)
        case "depends_on":
            guard !dependsOn.isEmpty, !blockDependsOn else { return nil }
            return "[" + dependsOn.joined(separator: ", ") + "]"
        case "created": return created.map(Timestamp.format)
        case "output": return output
        case "scheduled_at": return scheduledAt.map(Timestamp.format)
        case "platform": return platform
        case "platform_post_id": return postID.map { "\"\($0)\"" }
        case "revision": return revision > 1 ? String(revision) : nil
        case "escalated_at": return escalatedAt.map(Timestamp.format)
        case "review_escalated_at": return reviewEscalatedAt.map(Timestamp.format)
        default: return nil
        }
    }

    func render() -> [UInt8] {
        var lines = ["---"]
        if let headerComment { lines.append("# \(headerComment)") }
        for key in TaskDraft.orders[order] {
            if key == "depends_on", blockDependsOn, !dependsOn.isEmpty {
                lines.append("depends_on:")
                for dep in dependsOn { lines.append("  - \(dep)") }
                continue
            }
            guard let value = value(of: key) else { continue }
            var line = "\(key): \(value)"
            if let comment, comment.key == key {
                line += String(repeating: " ", count: max(1, 32 - line.count)) + " # \(comment.text)"
            }
            lines.append(line)
        }
        for (key, value) in unknownKeys { lines.append("\(key): \(value)") }
        lines.append("---")
        return FileText.join(lines, body: body, crlf: crlf, bom: bom)
    }
}

/// One generated review file, as the bot writes them and reviewers answer them.
struct ReviewDraft {
    var task: String
    var taskTitle: String
    var type: ReviewType
    var reviewer: Int
    var status: ReviewStatus
    var revision = 1
    var requested: Date
    var due: Date?
    var escalatedAt: Date?
    var output: String?
    var notes: [String] = []
    var crlf = false

    var id: String { Review.id(task: task, type: type, revision: revision) }
    var path: String { RepoPath.review(id) }

    func render() -> [UInt8] {
        var lines = ["---", "id: \(id)", "task: \(task)", "type: \(type.rawValue)", "reviewer: \(reviewer)",
                     "status: \(status.rawValue)"]
        if revision > 1 { lines.append("revision: \(revision)") }
        lines.append("requested: \(Timestamp.format(requested))")
        if let due { lines.append("due: \(Timestamp.format(due))") }
        if let escalatedAt { lines.append("escalated_at: \(Timestamp.format(escalatedAt))") }
        lines.append("---")
        let who = reviewer < 10 ? "0\(reviewer)" : String(reviewer)
        var body = "\(type.rawValue.capitalized) review of \(task): \(taskTitle)\n\n"
        if let output { body += "Work to review: `\(output)`. " }
        body += "Task: `queue/\(task).md`.\n\n"
        body += "Agent \(who): set `status` to `approved`, `changes_requested` or `rejected`, and write your notes below.\n\n## Notes\n"
        for note in notes { body += "\n\(note)\n" }
        return FileText.join(lines, body: body, crlf: crlf, bom: false)
    }
}

enum FileText {
    static func join(_ frontMatter: [String], body: String, crlf: Bool, bom: Bool) -> [UInt8] {
        let eol = crlf ? "\r\n" : "\n"
        var text = frontMatter.joined(separator: eol) + eol
        text += crlf ? body.replacingOccurrences(of: "\n", with: "\r\n") : body
        return (bom ? [0xEF, 0xBB, 0xBF] : []) + Array(text.utf8)
    }
}
