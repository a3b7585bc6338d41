import Foundation

/// The SLA monitor: a pending review past its type's threshold for its tier (`sla.exceeded`), a
/// review round past its tier's total (`sla.exceeded`, kind total_review) and a P0/P1 task open
/// past its age limit (`task.escalated`). Each breach is reported once and recorded in the file.
public enum SLA {
    public static func apply(_ ws: inout Workspace) {
        let config = ws.context.config, now = ws.context.now
        // The clocks are kept oldest first, and a clock that has not run past the smallest limit
        // of its kind cannot have breached; only the older ones are looked at, in id order.
        let reviewLimit = config.sla.review.values.flatMap(\.values).min()
        let pending = reviewLimit.map { ws.state.reviewIDs(pendingLongerThan: $0, at: now) } ?? []
        for id in pending.sorted() {
            guard let review = ws.state.reviews[id], let task = ws.state.tasks[review.task],
                  let limit = config.sla.reviewThreshold(review.type, tier: config.tier(of: task)),
                  now.timeIntervalSince(review.requested) > limit else { continue }
            ws.update(review: review.id) { $0.escalatedAt = now }
            ws.emit(.slaExceeded, subject: review.id, task: task.id, payload: [
                "kind": "review", "review_type": review.type.rawValue, "reviewer": String(review.reviewer),
                "threshold": hours(limit), "pending": hours(now.timeIntervalSince(review.requested)),
            ])
        }
        // Tasks in review (their round's total) and open tasks not yet escalated; the rest has no clock.
        var clocked = Set(config.sla.totalReview.values.min().map { ws.state.inReviewTaskIDs(roundLongerThan: $0, at: now) } ?? [])
        for (priority, limit) in config.sla.openTask {
            clocked.formUnion(ws.state.openTaskIDs(priority: priority, openLongerThan: limit, at: now))
        }
        for id in clocked.sorted() {
            guard let task = ws.state.tasks[id] else { continue }
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
