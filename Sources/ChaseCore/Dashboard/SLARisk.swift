import Foundation

/// Something that runs against an SLA, with its deadline: a pending review, a review round, or an
/// open P0/P1 task. `left` is negative once it is overdue.
public struct SLARisk: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable { case review, totalReview = "total_review", openTask = "open_task" }
    public var kind: Kind
    /// The review or task id.
    public var subject: String
    public var task: String
    /// Who must act: the reviewer or the assignee.
    public var agent: Int?
    public var deadline: Date
    public var left: TimeInterval

    /// Every clock running at `now`, most urgent first.
    public static func all(in state: QueueState, config: Config, now: Date) -> [SLARisk] {
        var out: [SLARisk] = []
        for review in state.reviews.values where review.status == .pending {
            guard let task = state.tasks[review.task],
                  let limit = config.sla.reviewThreshold(review.type, tier: config.tier(of: task)) else { continue }
            let deadline = review.requested.addingTimeInterval(limit)
            out.append(SLARisk(kind: .review, subject: review.id, task: task.id, agent: review.reviewer,
                               deadline: deadline, left: deadline.timeIntervalSince(now)))
        }
        // When each round started, in one pass: asking per task would read every review per task.
        var roundStart: [String: Date] = [:]
        for r in state.reviews.values where r.status != .closed {
            let key = "\(r.task)#\(r.revision)"
            roundStart[key] = min(roundStart[key] ?? r.requested, r.requested)
        }
        for task in state.tasks.values {
            if task.status == .inReview, let limit = config.sla.totalReview[config.tier(of: task)],
               let start = roundStart["\(task.id)#\(task.revision)"] {
                let deadline = start.addingTimeInterval(limit)
                out.append(SLARisk(kind: .totalReview, subject: task.id, task: task.id, agent: task.assignee,
                                   deadline: deadline, left: deadline.timeIntervalSince(now)))
            }
            if task.status.isOpen, let created = task.created, let limit = config.sla.openTask[task.priority] {
                let deadline = created.addingTimeInterval(limit)
                out.append(SLARisk(kind: .openTask, subject: task.id, task: task.id, agent: task.assignee,
                                   deadline: deadline, left: deadline.timeIntervalSince(now)))
            }
        }
        return out.sorted { ($0.left, $0.subject, $0.kind.rawValue) < ($1.left, $1.subject, $1.kind.rawValue) }
    }

    /// `1h05m left`, `2d3h left`, `overdue 15m`.
    public var leftText: String {
        left >= 0 ? "\(SLARisk.duration(left)) left" : "overdue \(SLARisk.duration(-left))"
    }

    public static func duration(_ seconds: TimeInterval) -> String {
        let minutes = Int((seconds / 60).rounded(.down))
        let days = minutes / 1440, hours = (minutes % 1440) / 60, mins = minutes % 60
        if days > 0 { return hours > 0 ? "\(days)d\(hours)h" : "\(days)d" }
        if hours > 0 { return mins > 0 ? "\(hours)h\(mins < 10 ? "0" : "")\(mins)m" : "\(hours)h" }
        return "\(mins)m"
    }
}
