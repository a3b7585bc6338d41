/// Task and review files from values, for `chase import`: rendered whole when there is no original
/// text, or as the scalar edits that make an original file say the new values, so a file that comes
/// back from a database keeps its comments, unknown keys and body byte for byte.
public enum QueueFileText {
    public static func task(_ t: Task, body: String) -> [UInt8] {
        var text = "---\n"
        for (key, value) in taskFields(t) {
            if key == "depends_on" {
                if !t.dependsOn.isEmpty { text += "depends_on: [\(t.dependsOn.joined(separator: ", "))]\n" }
            } else if let value {
                text += "\(key): \(YAMLScalarFormat.render(value))\n"
            }
        }
        return Array((text + "---\n" + body).utf8)
    }

    public static func review(_ r: Review, body: String) -> [UInt8] {
        var text = "---\n"
        for (key, value) in reviewFields(r) { if let value { text += "\(key): \(YAMLScalarFormat.render(value))\n" } }
        return Array((text + "---\n" + body).utf8)
    }

    /// The edits from `original` to `new`, or nil when `depends_on` changed (the editor writes scalars only).
    public static func taskEdits(from original: Task, to new: Task) -> [FrontMatterEdit]? {
        guard original.dependsOn == new.dependsOn else { return nil }
        return edits(taskKeyChanges(from: original, to: new))
    }

    public static func reviewEdits(from original: Review, to new: Review) -> [FrontMatterEdit] {
        edits(reviewKeyChanges(from: original, to: new))
    }

    /// The scalar keys whose value differs between two versions of a task, each with its new value
    /// as the file writes it (nil: the key goes). `depends_on` is not among them.
    public static func taskKeyChanges(from original: Task, to new: Task) -> [(key: String, value: String?)] {
        changes(taskFields(original), taskFields(new))
    }

    /// The keys whose value differs between two versions of a review, as `taskKeyChanges`.
    public static func reviewKeyChanges(from original: Review, to new: Review) -> [(key: String, value: String?)] {
        changes(reviewFields(original), reviewFields(new))
    }

    private static func changes(_ old: [(String, String?)], _ new: [(String, String?)]) -> [(key: String, value: String?)] {
        zip(old, new).compactMap { o, n in o.1 == n.1 ? nil : (key: n.0, value: n.1) }
    }

    private static func edits(_ changes: [(key: String, value: String?)]) -> [FrontMatterEdit] {
        changes.map { change in change.value.map { .set(change.key, $0) } ?? .remove(change.key) }
    }

    /// Every key a task has, in the order the bot writes them; nil for absent (defaults are absent).
    static func taskFields(_ t: Task) -> [(String, String?)] {
        [
            ("id", t.id), ("title", t.title), ("type", t.type.rawValue), ("content_type", t.contentType),
            ("priority", t.priority.rawValue), ("review_tier", t.reviewTier.map(String.init)), ("status", t.status.rawValue),
            ("assignee", t.assignee.map(String.init)), ("depends_on", nil), ("created", t.created.map(Timestamp.format)),
            ("output", t.output), ("scheduled_at", t.scheduledAt.map(Timestamp.format)), ("platform", t.platform),
            ("revision", t.revision > 1 ? String(t.revision) : nil), ("escalated_at", t.escalatedAt.map(Timestamp.format)),
            ("review_escalated_at", t.reviewEscalatedAt.map(Timestamp.format)), ("platform_post_id", t.platformPostID),
            ("published_at", t.publishedAt.map(Timestamp.format)), ("approved_output", t.approvedOutput),
        ]
    }

    static func reviewFields(_ r: Review) -> [(String, String?)] {
        [
            ("id", r.id), ("task", r.task), ("type", r.type.rawValue), ("reviewer", String(r.reviewer)),
            ("status", r.status.rawValue), ("revision", r.revision > 1 ? String(r.revision) : nil),
            ("requested", Timestamp.format(r.requested)), ("due", r.due.map(Timestamp.format)),
            ("escalated_at", r.escalatedAt.map(Timestamp.format)),
        ]
    }
}
