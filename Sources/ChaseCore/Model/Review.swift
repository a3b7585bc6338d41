import Foundation

/// A review file (`reviews/<TASK>.<type>[.rN].md`), written by the bot and answered by its reviewer.
public struct Review: Sendable, Equatable {
    public var path: String
    public var id: String
    public var task: String
    public var type: ReviewType
    public var reviewer: Int
    public var status: ReviewStatus
    public var revision: Int
    public var requested: Date
    public var due: Date?
    /// When its SLA breach was reported (bot-owned).
    public var escalatedAt: Date?

    public init(
        path: String, id: String, task: String, type: ReviewType, reviewer: Int, status: ReviewStatus = .pending,
        revision: Int = 1, requested: Date, due: Date? = nil, escalatedAt: Date? = nil
    ) {
        self.path = path; self.id = id; self.task = task; self.type = type; self.reviewer = reviewer
        self.status = status; self.revision = revision; self.requested = requested; self.due = due
        self.escalatedAt = escalatedAt
    }

    /// Review ids are derived, never counted, so two runs cannot mint different names for one review.
    public static func id(task: String, type: ReviewType, revision: Int) -> String {
        revision <= 1 ? "\(task).\(type.rawValue)" : "\(task).\(type.rawValue).r\(revision)"
    }

    public static func validate(_ fm: FrontMatter, path: String) -> Result<Review, FileProblems> {
        var r = FieldReader(fm, path: path)
        let id = r.text("id", required: true)
        let task = r.text("task", required: true)
        let type = r.choice("type", ReviewType.self, required: true)
        let reviewer = r.integer("reviewer", in: 0...99, required: true)
        let status = r.choice("status", ReviewStatus.self) ?? .pending
        let revision = r.integer("revision", in: 1...10_000) ?? 1
        let requested = r.date("requested", required: true)
        let due = r.date("due")
        let escalatedAt = r.date("escalated_at")
        if let task, !TaskID.isValid(task) { r.fail("task", "task '\(task)' is not a task id") }
        if let id, let task, let type {
            let expected = Review.id(task: task, type: type, revision: revision)
            if id != expected {
                r.fail("id", "id '\(id)' should be '\(expected)' for this task, type and revision")
            } else if id != RepoPath.stem(path) {
                r.fail("id", "id '\(id)' does not match the file name '\(RepoPath.stem(path)).md'")
            }
        }
        guard r.problems.isEmpty, let id, let task, let type, let reviewer, let requested else {
            return .failure(FileProblems(r.problems))
        }
        return .success(Review(
            path: path, id: id, task: task, type: type, reviewer: reviewer, status: status, revision: revision,
            requested: requested, due: due, escalatedAt: escalatedAt))
    }
}
