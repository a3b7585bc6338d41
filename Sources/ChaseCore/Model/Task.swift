import Foundation

/// A task file (`queue/<ID>.md`) validated into typed values. Unknown keys stay in the file.
public struct Task: Sendable, Equatable {
    public var path: String
    public var id: String
    public var title: String
    public var type: TaskType
    public var contentType: String?
    public var priority: Priority
    public var reviewTier: Int?
    public var status: TaskStatus
    public var assignee: Int?
    public var dependsOn: [String]
    public var created: Date?
    public var output: String?
    public var scheduledAt: Date?
    public var platform: String?
    /// Revision of the work under review; bumped by the bot when a review sends it back.
    public var revision: Int
    /// When the P0/P1 age SLA breach was reported (bot-owned).
    public var escalatedAt: Date?
    /// When the total review time breach of the current round was reported (bot-owned).
    public var reviewEscalatedAt: Date?
    public var platformPostID: String?
    /// When the publisher's answer marked it published (bot-owned).
    public var publishedAt: Date?
    /// What the reviews approved (`ApprovedContent`, bot-owned): the output's blob, output, schedule and platform.
    public var approvedOutput: String?
    /// Line of each key, for error messages.
    public var lines: KeyLines

    public init(
        path: String, id: String, title: String, type: TaskType, contentType: String? = nil,
        priority: Priority = .p2, reviewTier: Int? = nil, status: TaskStatus = .pending, assignee: Int? = nil,
        dependsOn: [String] = [], created: Date? = nil, output: String? = nil, scheduledAt: Date? = nil,
        platform: String? = nil, revision: Int = 1, escalatedAt: Date? = nil, reviewEscalatedAt: Date? = nil,
        platformPostID: String? = nil, publishedAt: Date? = nil, approvedOutput: String? = nil, lines: KeyLines = [:]
    ) {
        self.path = path; self.id = id; self.title = title; self.type = type; self.contentType = contentType
        self.priority = priority; self.reviewTier = reviewTier; self.status = status; self.assignee = assignee
        self.dependsOn = dependsOn; self.created = created; self.output = output; self.scheduledAt = scheduledAt
        self.platform = platform; self.revision = revision; self.escalatedAt = escalatedAt
        self.reviewEscalatedAt = reviewEscalatedAt; self.platformPostID = platformPostID
        self.publishedAt = publishedAt; self.approvedOutput = approvedOutput; self.lines = lines
    }

    /// Validates a parsed front matter into a task, or every problem found in it.
    public static func validate(_ fm: FrontMatter, path: String) -> Result<Task, FileProblems> {
        var r = FieldReader(fm, path: path)
        let id = r.text("id", required: true)
        if let id {
            if !TaskID.isValid(id) {
                r.fail("id", "id '\(id)' is not PREFIX-NUMBER (like CONTENT-010)")
            } else if id != RepoPath.stem(path) {
                r.fail("id", "id '\(id)' does not match the file name '\(RepoPath.stem(path)).md'")
            }
        }
        let title = r.text("title", required: true)
        let type = r.choice("type", TaskType.self, required: true)
        let contentType = r.text("content_type")
        let priority = r.choice("priority", Priority.self) ?? .p2
        let tier = r.integer("review_tier", in: 1...3)
        let status = r.choice("status", TaskStatus.self) ?? .pending
        let assignee = r.integer("assignee", in: 0...99)
        let deps = r.list("depends_on")
        for dep in deps where !TaskID.isValid(dep) {
            r.fail("depends_on", "depends_on names '\(dep)', which is not a task id")
        }
        let created = r.date("created")
        let output = r.text("output")
        if let output, !RepoPath.isSafeOutput(output) {
            r.fail("output", "output '\(output)' must be a path inside outputs/")
        }
        let scheduledAt = r.date("scheduled_at")
        let platform = r.text("platform")
        let revision = r.integer("revision", in: 1...10_000) ?? 1
        let escalatedAt = r.date("escalated_at")
        let reviewEscalatedAt = r.date("review_escalated_at")
        let postID = r.text("platform_post_id")
        let publishedAt = r.date("published_at")
        let approvedOutput = r.text("approved_output")
        guard r.problems.isEmpty, let id, let title, let type else {
            return .failure(FileProblems(r.problems))
        }
        // Keys are unique (the readers refuse duplicates), so the pairs go in as they are.
        let lines = KeyLines(uniquePairs: fm.fields.map { KeyLines.Pair(key: $0.key.text, line: $0.key.line) })
        return .success(Task(
            path: path, id: id, title: title, type: type, contentType: contentType, priority: priority,
            reviewTier: tier, status: status, assignee: assignee, dependsOn: deps, created: created,
            output: output, scheduledAt: scheduledAt, platform: platform, revision: revision,
            escalatedAt: escalatedAt, reviewEscalatedAt: reviewEscalatedAt, platformPostID: postID, publishedAt: publishedAt,
            approvedOutput: approvedOutput, lines: lines))
    }
}
