/// The review files the bot writes.
public enum ReviewFile {
    public static func render(_ review: Review, task: Task?) -> [UInt8] {
        var fields: [(String, String)] = [
            ("id", review.id), ("task", review.task), ("type", review.type.rawValue),
            ("reviewer", String(review.reviewer)), ("status", review.status.rawValue),
        ]
        if review.revision > 1 { fields.append(("revision", String(review.revision))) }
        fields.append(("requested", Timestamp.format(review.requested)))
        if let due = review.due { fields.append(("due", Timestamp.format(due))) }
        if let at = review.escalatedAt { fields.append(("escalated_at", Timestamp.format(at))) }
        var text = "---\n"
        for (key, value) in fields { text += "\(key): \(YAMLScalarFormat.render(value))\n" }
        text += "---\n"
        let agent = review.reviewer < 10 ? "0\(review.reviewer)" : "\(review.reviewer)"
        text += "\(review.type.rawValue.capitalized) review of \(review.task)"
        if review.revision > 1 { text += " (revision \(review.revision))" }
        if let task { text += ": \(task.title)" }
        text += "\n\n"
        if let output = task?.output { text += "Work to review: `\(output)`. " }
        text += "Task: `\(task?.path ?? RepoPath.task(review.task))`.\n\n"
        text += "Agent \(agent): set `status` to `approved`, `changes_requested` or `rejected`, and write your notes below.\n\n"
        text += "## Notes\n"
        return Array(text.utf8)
    }
}
