import Foundation

/// The SLA monitor: a pending review past its type's threshold for its tier (`sla.exceeded`), a
/// review round past its tier's total (`sla.exceeded`, kind total_review) and a P0/P1 task open
/// past its age limit (`task.escalated`). Each breach is reported once and recorded in the file.
public enum SLA {
    public static func apply(_ ws: inout Workspace) {
        let config = ws.context.config, now = ws.context.now
        for review in ws.state.pendingReviews.filter({ $0.escalatedAt == nil }).sorted(by: { $0.id < $1.id }) {
            guard let task = ws.state.tasks[review.task],
                  let limit = config.sla.reviewThreshold(review.type, tier: config.tier(of: task)),
                  now.timeIntervalSince(review.requested) > limit else { continue }
            ws.update(review: review.id) { $0.escalatedAt = now }
            ws.emit(.slaExceeded, subject: review.id, task: task.id, payload: [
                "kind": "review", "review_type": review.type.rawValue, "reviewer": String(review.reviewer),
                "threshold": hours(limit), "pending": hours(now.timeIntervalSince(review.requested)),
            ])
        }
        // Tasks in review (their round's total) and open tasks not yet escalated; the rest has no clock.
        let clocked = ws.state.tasks(withStatus: .inReview, .pending, .inProgress, .blocked)
            .filter { $0.status == .inReview || $0.escalatedAt == nil }
        for task in clocked.sorted(by: { $0.id < $1.id }) {
            if task.status == .inReview { totalReview(task, in: &ws) }
            guard task.status.isOpen, task.escalatedAt == nil, let created = task.created,
                  let limit = config.sla.openTask[task.priority], now.timeIntervalSince(created) > limit else { continue }
            ws.update(task: task.id) { $0.escalatedAt = now }
            ws.emit(.taskEscalated, subject: task.id, task: task.id, payload: [
                "reason": "\(task.priority.rawValue) task open more than \(hours(limit))",
                "agent": task.assignee.map(String.init) ?? "none", "to": "0",
            ])
        }
    }

    private static func totalReview(_ task: Task, in ws: inout Workspace) {
        let config = ws.context.config, now = ws.context.now
        let round = ws.state.reviews(of: task.id, revision: task.revision)
        guard let start = round.map(\.requested).min(),
              let limit = config.sla.totalReview[config.tier(of: task)],
              now.timeIntervalSince(start) > limit else { return }
        if let reported = task.reviewEscalatedAt, reported >= start { return }
        ws.update(task: task.id) { $0.reviewEscalatedAt = now }
        ws.emit(.slaExceeded, subject: task.id, task: task.id, payload: [
            "kind": "total_review", "tier": String(config.tier(of: task)), "threshold": hours(limit),
            "pending": hours(now.timeIntervalSince(start)),
        ])
    }

    static func hours(_ seconds: TimeInterval) -> String {
        let minutes = Int((seconds / 60).rounded(.down))
        return minutes % 60 == 0 ? "\(minutes / 60)h" : "\(minutes / 60)h\(minutes % 60)m"
    }
}
