import Foundation

/// One thing an agent can work on now: a task assigned to it (pending or in progress) or a review
/// waiting for its verdict.
public struct WorkItem: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable { case task, review }
    public var kind: Kind
    /// The task or review id.
    public var id: String
    public var task: String
    public var title: String
    public var path: String
    /// The task's status, or the review's (`pending`).
    public var status: String
    public var priority: Priority
    /// When its SLA runs out (a review's threshold, a P0/P1 task's age limit); nil when no clock runs.
    public var deadline: Date?
    /// When it was created or requested.
    public var since: Date?
    /// For reviews: the task's work product, which is what gets reviewed.
    public var output: String?
}

/// An agent's ordered work list (`chase next`): by priority, then SLA deadline, then age.
public enum WorkList {
    public static func items(for agent: Int, in state: QueueState, config: Config) -> [WorkItem] {
        var out: [WorkItem] = []
        for t in state.tasks.values where t.assignee == agent && (t.status == .pending || t.status == .inProgress) {
            let deadline = t.created.flatMap { c in config.sla.openTask[t.priority].map { c.addingTimeInterval($0) } }
            out.append(WorkItem(kind: .task, id: t.id, task: t.id, title: t.title, path: t.path, status: t.status.rawValue,
                                priority: t.priority, deadline: deadline, since: t.created, output: t.output))
        }
        for r in state.reviews.values where r.reviewer == agent && r.status == .pending {
            guard let t = state.tasks[r.task] else { continue }
            let deadline = config.sla.reviewThreshold(r.type, tier: config.tier(of: t)).map { r.requested.addingTimeInterval($0) }
            out.append(WorkItem(kind: .review, id: r.id, task: t.id, title: "\(r.type.rawValue) review: \(t.title)", path: r.path,
                                status: r.status.rawValue, priority: t.priority, deadline: deadline, since: r.requested, output: t.output))
        }
        return out.sorted(by: precedes)
    }

    /// Priority first (P0 before P3), then the nearest deadline (none last), then the oldest, then the id.
    static func precedes(_ a: WorkItem, _ b: WorkItem) -> Bool {
        if a.priority != b.priority { return a.priority < b.priority }
        if a.deadline != b.deadline {
            guard let x = a.deadline else { return false }
            guard let y = b.deadline else { return true }
            return x < y
        }
        if a.since != b.since {
            guard let x = a.since else { return false }
            guard let y = b.since else { return true }
            return x < y
        }
        return a.id < b.id
    }
}
