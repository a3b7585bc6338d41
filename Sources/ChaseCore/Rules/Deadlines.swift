import Foundation

/// When the clock alone can next make a rule act on a state the rules left unchanged: the earliest
/// SLA threshold, lease or publishing time still ahead. Every rule that reads the clock fires once
/// `now` passes a time it reads from the state (never the other way round), so a state on which
/// the rules did nothing at one time stays quiet until the earliest of those times: a tick with
/// nothing new before then has nothing to do, and need not read the queue to know it.
///
/// Each time mirrors its rule's own test (`SLA`, `Leases`, `Publishing`); nil when no clock runs.
/// `Date.distantPast` when something is already due.
public enum Deadlines {
    public static func next(state: QueueState, context: RuleContext) -> Date? {
        let config = context.config, switches = config.rules
        var earliest: Date?
        func consider(_ date: Date) { if earliest.map({ date < $0 }) ?? true { earliest = date } }

        if switches.sla {
            for review in state.pendingReviews where review.escalatedAt == nil {
                guard let task = state.tasks[review.task],
                      let limit = config.sla.reviewThreshold(review.type, tier: config.tier(of: task)) else { continue }
                consider(review.requested.addingTimeInterval(limit))
            }
            for task in state.tasks(withStatus: .inReview, .pending, .inProgress, .blocked) {
                if task.status == .inReview, let limit = config.sla.totalReview[config.tier(of: task)],
                   let start = state.reviews(of: task.id, revision: task.revision).map(\.requested).min(),
                   !(task.reviewEscalatedAt.map { $0 >= start } ?? false) {
                    consider(start.addingTimeInterval(limit))
                }
                if task.status.isOpen, task.escalatedAt == nil, let created = task.created,
                   let limit = config.sla.openTask[task.priority] {
                    consider(created.addingTimeInterval(limit))
                }
            }
            if !config.sla.lease.isEmpty, let touched = context.lastTouched {
                for task in state.tasks(withStatus: .inProgress) {
                    guard let lease = config.sla.lease[task.priority] else { continue }
                    consider(touched[task.id].map { $0.addingTimeInterval(lease) } ?? .distantPast)
                }
            }
        }
        if switches.publishing {
            for task in state.tasks(withStatus: .scheduled) {
                if let at = task.scheduledAt { consider(at) }
            }
        }
        return earliest
    }
}
